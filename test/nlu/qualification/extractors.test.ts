import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../core/lead/model.js';
import { bandOf, qualificationExtractors, SECTORS, ROLES, COMPANY_SIZE_BANDS } from '../../../bot/nlu/qualification/index.js';

const ctx = (locale: Locale) => ({ locale, now: new Date('2026-11-23T10:00:00Z') });
const value = (slot: string, text: string, locale: Locale = 'fr') => {
  const result = qualificationExtractors[slot]!.extract(text, ctx(locale));
  return result.ok ? result.value : `(${result.reason})`;
};

describe('role', () => {
  it.each([
    ['je suis le DG', 'decision-maker'],
    ['CTO', 'decision-maker'],
    ["I'm the founder", 'decision-maker'],
    ["je fais partie de l'équipe marketing", 'user'],
    ['étudiant', 'student'],
    ['responsable achats, je compare pour ma direction', 'influencer'],
    ['assistante de direction', 'user'],
    ['étudiante en master direction commerciale', 'student'],
    ['community manager', 'user'],
    ['retraité', 'other'],
  ])('"%s" → %s', (text, role) => expect(value('role', text)).toBe(role));

  it('says unrecognised rather than guessing', () => expect(value('role', 'bonjour')).toBe('(unrecognised)'));

  it('reads chat French "jdécide", "jfais", "j\'tranche" as "je …"', () => {
    expect(value('role', 'jsigne les devis')).toBe('decision-maker');
    expect(value('role', "j'tranche")).toBe('decision-maker');
    expect(value('role', 'jcompare les offres pour mon boss')).toBe('influencer');
  });
});

describe('companySize', () => {
  it.each([
    ['on est 25', '10-49'],
    ["une PME d'une centaine de personnes", '50-249'],
    ['about 2k employees', '1000+'],
    ['je suis seul', '1-9'],
    ['entre 10 et 20 salariés', '10-49'],
    ['créée en 2012, 40 salariés', '10-49'],
    ['CA de 3 millions €, 12 personnes', '10-49'],
    ['quatre-vingt-dix personnes', '50-249'],
    ['plus de 1000', '1000+'],
    ['moins de 50', '10-49'],
    ['a few hundred people', '250-999'],
    ['grand groupe du CAC 40', '1000+'],
  ])('"%s" → %s', (text, band) => expect(value('companySize', text)).toBe(band));

  it('maps headcounts to bands at the boundaries', () => {
    expect([1, 9, 10, 49, 50, 249, 250, 999, 1000].map(bandOf)).toEqual(['1-9', '1-9', '10-49', '10-49', '50-249', '50-249', '250-999', '250-999', '1000+']);
  });
});

describe('sector', () => {
  it.each([
    ['éditeur de logiciel SaaS', 'software'],
    ['on est une banque', 'finance'],
    ['hôpital universitaire', 'health'],
    ['mairie', 'public'],
    ['agence web', 'services'],
    ['industrie automobile', 'industry'],
    ['e-commerce de mode', 'retail'],
    ['université', 'education'],
    ["j'ai une association", 'other'],
  ])('"%s" → %s', (text, sector) => expect(value('sector', text)).toBe(sector));

  it('does not read the French "j\'ai" as AI', () => expect(value('sector', "j'ai un cabinet d'avocats")).toBe('services'));
  it('does not read a customer as the customs', () => expect(value('sector', 'customer service outsourcing', 'en')).toBe('services'));
  it('reads a department of a company as the visitor\'s job, not a public "department of"', () =>
    expect(value('sector', 'legal department of a retailer', 'en')).toBe('retail'));
});

const hostile = [
  '',
  '   \n\t ',
  'a'.repeat(10_240),
  'on est 25 '.repeat(2_000),
  '<script>alert("x")</script><img src=x onerror=alert(1)>',
  '🚀🚀🚀 on est 🔥 12 😅',
  '{"$gt": ""}',
  '__proto__',
  '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
  '\u0000\u0007\u001b[31m\u202e',
  '9'.repeat(400),
  '1e309 employees',
];

describe.each(Object.keys(qualificationExtractors))('%s on hostile input', (slot) => {
  it.each(hostile.map((text) => [text.slice(0, 40), text]))('never throws on %j', (_, text) => {
    for (const locale of ['fr', 'en'] as const) {
      const result = qualificationExtractors[slot]!.extract(text, ctx(locale));
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) {
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        expect(JSON.stringify(result.value).length).toBeLessThan(2_000);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns only values from its closed list', () => {
    const allowed: Record<string, readonly string[]> = { role: ROLES, sector: SECTORS, companySize: COMPANY_SIZE_BANDS };
    if (!allowed[slot]) return expect(allowed[slot]).toBeUndefined();
    for (const text of [...hostile, 'CEO', 'bank', '25 people']) {
      const result = qualificationExtractors[slot]!.extract(text, ctx('en'));
      if (result.ok) expect(allowed[slot]).toContain(result.value);
    }
  });
});
