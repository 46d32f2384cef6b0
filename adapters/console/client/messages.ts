/**
 * Every label of the console's navigation, funnel and lead pages, in English and French: one
 * table, so a missing translation is a type error. The language is the browser's first one the
 * console speaks, else the team's (`language:` in the scoring rules, as in Slack alerts), which
 * the server writes in the page's `lang`.
 */
const EN = {
  nav: 'Console', leads: 'Leads', funnel: 'Funnel', dialogs: 'Dialogs', webhooks: 'Webhooks', signOut: 'Sign out', loading: 'Loading…',
  funnelPeriod: 'Funnel period', from: 'From', to: 'To', by: 'By', show: 'Show', group: 'Group', total: 'Total',
  groupDay: 'Day', groupWeek: 'Week', groupChannel: 'Channel', groupCountry: 'Country', groupSector: 'Sector', groupCompanySize: 'Company size', groupUtmSource: 'UTM source', groupLandingPage: 'Landing page', groupScriptVersion: 'Script version',
  conversations: 'Conversations', medianTimeToQualify: 'Median time to qualify', scoreDistribution: 'Score distribution', funnelChart: 'Conversations → MCL → MQL → SQL', leadsPerBand: 'Leads per score band', leadsWord: 'Leads', days: 'days',
  name: 'Name', email: 'E-mail', phone: 'Phone', phoneUnverified: 'unverified: typed twice, in no allocated range', company: 'Company', project: 'Project', timeline: 'Timeline', motivation: 'Motivation', budget: 'Budget', role: 'Role', country: 'Country', sector: 'Sector', companySize: 'Company size', channel: 'Channel', language: 'Language', consent: 'Consent', consentGiven: 'given', consentRefused: 'refused', owner: 'Owner', callBack: 'Call back',
  answers: 'Answers', whyScore: 'Why this score', points: 'Points', why: 'Why', totalWord: 'total', actions: 'Actions', acceptSql: 'Accept (SQL)', rejectionReason: 'Rejection reason', reasonPlaceholder: 'Reason (required to reject)', reject: 'Reject',
  assignOwner: 'Assign owner', assign: 'Assign', addNote: 'Add note', note: 'Note', exportData: 'Export data (JSON)', erase: 'Erase (right to erasure)', eraseConfirm: 'Erase this person and every conversation and event about them? This cannot be undone.',
  behaviour: 'Behaviour', visits: 'Visits', pageViews: 'Page views', timeOnSite: 'Time on site', referrer: 'Referrer', neverSeen: 'Never seen on the website.', stageHistory: 'Stage history', byWhom: 'by',
  notes: 'Notes', noNotes: 'No notes yet.', transcript: 'Transcript', noConversation: 'No conversation recorded.', conversation: 'conversation', bot: 'Bot', sales: 'Sales', visitor: 'Visitor',
};

const FR: Record<MessageKey, string> = {
  nav: 'Console', leads: 'Leads', funnel: 'Entonnoir', dialogs: 'Dialogues', webhooks: 'Webhooks', signOut: 'Se déconnecter', loading: 'Chargement…',
  funnelPeriod: "Période de l'entonnoir", from: 'Du', to: 'Au', by: 'Par', show: 'Afficher', group: 'Groupe', total: 'Total',
  groupDay: 'Jour', groupWeek: 'Semaine', groupChannel: 'Canal', groupCountry: 'Pays', groupSector: 'Secteur', groupCompanySize: "Taille d'entreprise", groupUtmSource: 'Source UTM', groupLandingPage: "Page d'arrivée", groupScriptVersion: 'Version du script',
  conversations: 'Conversations', medianTimeToQualify: 'Délai médian de qualification', scoreDistribution: 'Répartition des scores', funnelChart: 'Conversations → MCL → MQL → SQL', leadsPerBand: 'Leads par tranche de score', leadsWord: 'Leads', days: 'jours',
  name: 'Nom', email: 'E-mail', phone: 'Téléphone', phoneUnverified: 'non vérifié : saisi deux fois, hors des plages attribuées', company: 'Entreprise', project: 'Projet', timeline: 'Échéance', motivation: 'Motivation', budget: 'Budget', role: 'Rôle', country: 'Pays', sector: 'Secteur', companySize: "Taille d'entreprise", channel: 'Canal', language: 'Langue', consent: 'Consentement', consentGiven: 'donné', consentRefused: 'refusé', owner: 'Responsable', callBack: 'Rappel',
  answers: 'Réponses', whyScore: 'Pourquoi ce score', points: 'Points', why: 'Pourquoi', totalWord: 'total', actions: 'Actions', acceptSql: 'Accepter (SQL)', rejectionReason: 'Motif du refus', reasonPlaceholder: 'Motif (obligatoire pour refuser)', reject: 'Refuser',
  assignOwner: 'Attribuer un responsable', assign: 'Attribuer', addNote: 'Ajouter une note', note: 'Note', exportData: 'Exporter les données (JSON)', erase: "Effacer (droit à l'effacement)", eraseConfirm: 'Effacer cette personne et toutes ses conversations et tous ses événements ? Impossible à annuler.',
  behaviour: 'Comportement', visits: 'Visites', pageViews: 'Pages vues', timeOnSite: 'Temps sur le site', referrer: 'Référent', neverSeen: 'Jamais vu sur le site.', stageHistory: 'Historique des étapes', byWhom: 'par',
  notes: 'Notes', noNotes: 'Aucune note.', transcript: 'Transcription', noConversation: 'Aucune conversation enregistrée.', conversation: 'conversation', bot: 'Bot', sales: 'Commercial', visitor: 'Visiteur',
};

const MESSAGES = { en: EN, fr: FR };

export type ConsoleLanguage = keyof typeof MESSAGES;
export type MessageKey = keyof typeof EN;

const spoken = (tag: string): ConsoleLanguage | undefined => {
  const base = tag.toLowerCase().split('-')[0];
  return base === 'fr' || base === 'en' ? base : undefined;
};

/** The browser's first language the console speaks, else the team's (the page's `lang`), else English. */
export function consoleLanguage(preferred: readonly string[], team: string): ConsoleLanguage {
  for (const tag of preferred) {
    const language = spoken(tag);
    if (language) return language;
  }
  return spoken(team) ?? 'en';
}

const language = consoleLanguage(navigator.languages ?? [navigator.language], document.documentElement.lang);
document.documentElement.lang = language;

/** The console's language, for words that are not console labels (a lead's categories, see core/lead/answer-labels.ts). */
export function consoleLanguageInUse(): ConsoleLanguage {
  return language;
}

export function t(key: MessageKey): string {
  return MESSAGES[language][key];
}
