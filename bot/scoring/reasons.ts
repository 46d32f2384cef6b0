/**
 * The words of the score breakdown, in the language sales reads (`language:` in the rules file).
 * Points are appended by the scorer; these only say what was seen.
 */
import { answerLabel } from '../../core/lead/answer-labels.js';

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
  timeline: (b) => `Timeline: ${answerLabel('timeline', b, 'en')}`,
  motivation: (c) => `Motivation: ${c}`,
  role: (r) => `Role: ${answerLabel('role', r, 'en')}`,
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
  timeline: (b) => `Échéance : ${answerLabel('timeline', b, 'fr')}`,
  motivation: (c) => `Motivation : ${answerLabel('motivation', c, 'fr')}`,
  role: (r) => `Rôle : ${answerLabel('role', r, 'fr')}`,
  companySize: (b) => `Taille : ${b} salariés`,
  sector: (s) => `Secteur : ${answerLabel('sector', s, 'fr')}`,
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
