/**
 * How sales reads a lead's categories (role, sector, motivation, timeline bucket) in the team's language: the score
 * breakdown, the console's lead page and the Slack alert all say "Secteur : industrie", never the stored id. A value
 * without a label (an id added later, hostile data) is shown as stored.
 */
export type AnswerKind = 'role' | 'sector' | 'motivation' | 'timeline';
export type LabelLanguage = 'fr' | 'en';

const LABELS: Record<AnswerKind, Record<LabelLanguage, Record<string, string>>> = {
  role: {
    en: { 'decision-maker': 'decision maker', influencer: 'influences the decision', user: 'end user', student: 'student', other: 'other' },
    fr: { 'decision-maker': 'décideur', influencer: 'influence la décision', user: 'utilisateur final', student: 'étudiant', other: 'autre' },
  },
  sector: {
    en: { software: 'software & IT', retail: 'retail & hospitality', industry: 'industry', finance: 'finance & insurance', health: 'healthcare', public: 'public sector', education: 'education', services: 'business services', other: 'other' },
    fr: { software: 'logiciel & informatique', retail: 'commerce & distribution', industry: 'industrie', finance: 'finance & assurance', health: 'santé', public: 'secteur public', education: 'éducation', services: 'services aux entreprises', other: 'autre' },
  },
  motivation: {
    en: { replace: 'replace the current tool', growth: 'support growth', 'new-project': 'new project', cost: 'cut costs', compliance: 'regulatory obligation', problem: 'solve a problem', curious: 'just curious', other: 'other' },
    fr: { replace: 'remplacer l’outil actuel', growth: 'accompagner la croissance', 'new-project': 'nouveau projet', cost: 'réduire les coûts', compliance: 'obligation réglementaire', problem: 'résoudre un problème', curious: 'simple curiosité', other: 'autre' },
  },
  timeline: {
    en: { now: 'ready to start within a month', '1-3m': 'within 1–3 months', '3-6m': 'in 3–6 months', '6-12m': 'in 6–12 months', '12m+': 'in more than a year', none: 'no project planned', unknown: 'not known yet' },
    fr: { now: 'prêt à démarrer sous un mois', '1-3m': 'dans 1 à 3 mois', '3-6m': 'dans 3 à 6 mois', '6-12m': 'dans 6 à 12 mois', '12m+': 'dans plus d’un an', none: 'aucun projet prévu', unknown: 'pas encore connu' },
  },
};

/** The label of a stored category in a language; own keys only, so a hostile value never reads a prototype property. */
export function answerLabel(kind: AnswerKind, value: string, language: LabelLanguage): string {
  const table = LABELS[kind][language];
  return Object.hasOwn(table, value) ? table[value]! : value;
}
