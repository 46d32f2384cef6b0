/**
 * What people write instead of the category: job titles and abbreviations, problems instead of product names,
 * "someone else decides", typos; and where two readings compete, a confidence low enough for the bot to ask.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../core/lead/model.js';
import { qualificationExtractors } from '../../../bot/nlu/qualification/index.js';
import { ASK_BELOW } from '../eval-sets.js';

const read = (slot: string, text: string, locale: Locale) => {
  const result = qualificationExtractors[slot]!.extract(text, { locale, now: new Date('2026-11-23T10:00:00Z') });
  if (!result.ok) return { value: `(${result.reason})`, confidence: 0 };
  const value = result.value as { id?: string; category?: string } | string;
  return { value: typeof value === 'string' ? value : (value.id ?? value.category ?? 'free text'), confidence: result.confidence };
};
const surely = (slot: string, text: string, locale: Locale) => {
  const { value, confidence } = read(slot, text, locale);
  return confidence >= ASK_BELOW ? value : `asked (${value} at ${confidence})`;
};

describe('role from a job title, an abbreviation or who signs', () => {
  it.each<[string, Locale, string]>([
    ['directeur des systèmes d’information', 'fr', 'decision-maker'],
    ['gérante associée', 'fr', 'decision-maker'],
    ['maire de la commune', 'fr', 'decision-maker'],
    ['head of IT', 'en', 'decision-maker'],
    ["I'm the sole employee, so it's my call", 'en', 'decision-maker'],
    ['RSSI', 'fr', 'influencer'],
    ['je fais partie du comité de pilotage', 'fr', 'influencer'],
    ["I'll build the business case for the board", 'en', 'influencer'],
    ["je ne fais que l'utiliser", 'fr', 'user'],
    ['commercial sédentaire', 'fr', 'user'],
  ])('"%s" (%s) → %s', (text, locale, role) => expect(surely('role', text, locale)).toBe(role));

  it('reads the visitor’s own role before "someone else decides", which is true of users and influencers alike', () => {
    expect(surely('role', "je suis juste utilisateur, c'est la direction qui tranche", 'fr')).toBe('user');
    expect(surely('role', 'responsable marketing, je recommande mais la direction décide', 'fr')).toBe('influencer');
  });

  it('asks when a plain job title and "my boss decides" pull apart', () => {
    expect(read('role', 'commercial, mon chef décide', 'fr').confidence).toBeLessThan(ASK_BELOW);
  });
});

describe('sector from trades, bodies and abbreviations', () => {
  it.each<[string, Locale, string]>([
    ['chaudronnerie et usinage', 'fr', 'industry'],
    ['on installe des pompes à chaleur', 'fr', 'industry'],
    ['telco', 'en', 'software'],
    ["cabinet d'expertise comptable", 'fr', 'finance'],
    ['laboratoire', 'fr', 'health'],
    ['we sell medical devices to hospitals', 'en', 'health'],
    ['IT consulting firm', 'en', 'software'],
  ])('"%s" (%s) → %s', (text, locale, sector) => expect(surely('sector', text, locale)).toBe(sector));

  it('takes a public body for the public sector whatever field it works in', () => {
    expect(surely('sector', 'ministry of transport', 'en')).toBe('public');
    expect(surely('sector', 'mairie, service des sports', 'fr')).toBe('public');
  });
});

describe('project from the problem described, not only the product’s name', () => {
  it.each<[string, Locale, string]>([
    ["nos devis sont sur Word et on ne sait jamais qui a relancé quel client", 'fr', 'crm'],
    ['we keep losing track of leads, everything is in spreadsheets', 'en', 'crm'],
    ['faire en sorte que Sage et notre CRM se parlent', 'fr', 'integration'],
    ['we re-enter every order by hand, double entry everywhere', 'en', 'integration'],
    ['envoyer une newsletter à nos adhérents', 'fr', 'marketing-automation'],
    ['let customers book appointments online', 'en', 'custom-software'],
    ["l'appli plante tout le temps et notre prestataire ne répond plus", 'fr', 'support'],
    ['nous voulons vendre nos vins en ligne', 'fr', 'ecommerce'],
  ])('"%s" (%s) → %s', (text, locale, id) => expect(surely('project', text, locale)).toBe(id));

  it('does not let a word hidden inside a longer, less sure reading lose its weight', () => {
    expect(surely('project', 'envoyer des newsletters segmentées', 'fr')).toBe('marketing-automation');
  });

  it('takes "je ne sais pas encore" for no project', () => {
    expect(read('project', 'je ne sais pas encore', 'fr').value).toBe('(no_project)');
    expect(read('project', 'not sure yet', 'en').value).toBe('(no_project)');
  });
});
