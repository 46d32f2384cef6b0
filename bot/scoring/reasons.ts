/**
 * The words of the score breakdown, in the language sales reads (`language:` in the rules file).
 * Points are appended by the scorer; these only say what was seen.
 */
const TIMELINE = {
  en: { now: 'ready to start within a month', '1-3m': 'within 1–3 months', '3-6m': 'in 3–6 months', '6-12m': 'in 6–12 months', '12m+': 'in more than a year', none: 'no project planned', unknown: 'not known yet' },
  fr: { now: 'prêt à démarrer sous un mois', '1-3m': 'dans 1 à 3 mois', '3-6m': 'dans 3 à 6 mois', '6-12m': 'dans 6 à 12 mois', '12m+': 'dans plus d’un an', none: 'aucun projet prévu', unknown: 'pas encore connu' },
} as const;
const ROLE = {
  en: { 'decision-maker': 'decision maker', influencer: 'influences the decision', user: 'end user', student: 'student', other: 'other' },
  fr: { 'decision-maker': 'décideur', influencer: 'influence la décision', user: 'utilisateur final', student: 'étudiant', other: 'autre' },
} as const;
const MOTIVATION_FR: Record<string, string> = {
  replace: 'remplacer l’outil actuel',
  growth: 'accompagner la croissance',
  'new-project': 'nouveau projet',
  cost: 'réduire les coûts',
  compliance: 'obligation réglementaire',
  problem: 'résoudre un problème',
  curious: 'simple curiosité',
  other: 'autre',
};
const SECTOR_FR: Record<string, string> = {
  software: 'logiciel & informatique',
  retail: 'commerce & distribution',
  industry: 'industrie',
  finance: 'finance & assurance',
  health: 'santé',
  public: 'secteur public',
  education: 'éducation',
  services: 'services',
  other: 'autre',
};
const EMAIL = {
  en: { company: 'company address', free: 'free webmail address', disposable: 'disposable address' },
  fr: { company: 'adresse professionnelle', free: 'messagerie gratuite', disposable: 'adresse jetable' },
} as const;

/** Own keys only, so a hostile value never reads a prototype property. */
const label = (table: Record<string, string>, key: string): string => (Object.hasOwn(table, key) ? table[key]! : key);

export interface Reasons {
  timeline(bucket: string): string;
  motivation(category: string): string;
  role(role: string): string;
  companySize(band: string): string;
  sector(sector: string): string;
  projectInCatalogue(label: string): string;
  projectFreeText(quoted: string): string;
  emailKind(kind: string): string;
  phone: string;
  budget(said: string, rangeLabel?: string): string;
  budgetUnrated(said: string): string;
  per: { once: string; month: string; year: string };
  pageViews(n: number): string;
  minutesOnSite(n: number): string;
  visits(n: number): string;
  website(what: string): string;
  cap(raw: number): string;
}

const EN: Reasons = {
  timeline: (b) => `Timeline: ${label(TIMELINE.en, b)}`,
  motivation: (c) => `Motivation: ${c}`,
  role: (r) => `Role: ${label(ROLE.en, r)}`,
  companySize: (b) => `Company size: ${b} employees`,
  sector: (s) => `Sector: ${s}`,
  projectInCatalogue: (l) => `Project: ${l} (in our catalogue)`,
  projectFreeText: (q) => `Project: ${q} (not in our catalogue)`,
  emailKind: (k) => `E-mail: ${label(EMAIL.en, k)}`,
  phone: 'Phone number given',
  budget: (said, range) => `Budget: ${said}${range ? ` — ${range}` : ''}`,
  budgetUnrated: (said) => `Budget: ${said} (currency not rated)`,
  per: { once: '', month: '/month', year: '/year' },
  pageViews: (n) => `Website: ${n} pages viewed`,
  minutesOnSite: (n) => `Website: ${n} min on site`,
  visits: (n) => `Website: ${n} visits`,
  website: (what) => `Website: ${what}`,
  cap: (raw) => `Score kept within 0–100 (raw total ${raw})`,
};

const FR: Reasons = {
  timeline: (b) => `Échéance : ${label(TIMELINE.fr, b)}`,
  motivation: (c) => `Motivation : ${label(MOTIVATION_FR, c)}`,
  role: (r) => `Rôle : ${label(ROLE.fr, r)}`,
  companySize: (b) => `Taille : ${b} salariés`,
  sector: (s) => `Secteur : ${label(SECTOR_FR, s)}`,
  projectInCatalogue: (l) => `Projet : ${l} (dans notre catalogue)`,
  projectFreeText: (q) => `Projet : ${q} (hors catalogue)`,
  emailKind: (k) => `E-mail : ${label(EMAIL.fr, k)}`,
  phone: 'Téléphone donné',
  budget: (said, range) => `Budget : ${said}${range ? ` — ${range}` : ''}`,
  budgetUnrated: (said) => `Budget : ${said} (devise non convertie)`,
  per: { once: '', month: '/mois', year: '/an' },
  pageViews: (n) => `Site : ${n} pages vues`,
  minutesOnSite: (n) => `Site : ${n} min de visite`,
  visits: (n) => `Site : ${n} visites`,
  website: (what) => `Site : ${what}`,
  cap: (raw) => `Score ramené entre 0 et 100 (total brut ${raw})`,
};

export function reasonsIn(language: 'fr' | 'en' | undefined): Reasons {
  return language === 'fr' ? FR : EN;
}
