/** Phrase tables and the catalogue are designers' and marketing's files: edits take effect without code, bad edits are clear errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PhraseMatcher } from '../../bot/nlu/phrases/matcher.js';
import { loadPhraseTable, PhraseTableError } from '../../bot/nlu/phrases/phrase-table.js';
import { phraseTableExtractor } from '../../bot/nlu/phrases/table-extractor.js';
import { createProjectExtractor, loadCatalogue } from '../../bot/nlu/qualification/project.js';
import { TypoCorrector } from '../../bot/nlu/phrases/typos.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nlu-phrases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T12:00:00Z') };

describe('a new catalogue entry', () => {
  it('is understood with its synonyms, typos included, as soon as the catalogue is loaded (no training step)', () => {
    const original = loadCatalogue();
    const catalogue = {
      entries: [...original.entries, { id: 'drone-survey', labels: { fr: 'Relevé par drone', en: 'Drone survey' }, synonyms: { fr: ['relevé par drone', 'photogrammétrie'], en: ['drone survey'] } }],
    };
    const extractor = createProjectExtractor(catalogue);
    const id = (text: string, locale: 'fr' | 'en' = 'fr') => {
      const result = extractor.extract(text, { ...ctx, locale });
      return result.ok && result.confidence >= 0.5 ? (result.value as { id?: string }).id : undefined;
    };
    expect(id('un relevé par drone de nos toitures')).toBe('drone-survey');
    expect(id('de la photogrametrie')).toBe('drone-survey');
    expect(id('a drone survey of our site', 'en')).toBe('drone-survey');
    expect(id('un CRM')).toBe('crm');
  });
});

describe('phrase tables', () => {
  const table = file('color.phrases.yaml', 'labels: [red, blue]\ngroups:\n  - label: red\n    fr: [rouge, "c\'est * qui rougit"]\n  - label: blue\n    weight: 2\n    en: [blue, navy blue]\n');

  it('are read as written: words, gaps, weights, both languages', () => {
    const extractor = phraseTableExtractor('color', ['red', 'blue'] as const, { file: table });
    const label = (text: string) => {
      const result = extractor.extract(text, ctx);
      return result.ok ? result.value : result.reason;
    };
    expect(label('ROUGES')).toBe('red');
    expect(label("c'est le voisin qui rougit")).toBe('red');
    expect(label('navy blue')).toBe('blue');
    expect(label('vert')).toBe('unrecognised');
  });

  it('can let another reading go first (a headcount said as a number) and take band labels', () => {
    const bands = file('size.phrases.yaml', 'labels: ["1-9", "1000+"]\ngroups:\n  - label: "1-9"\n    fr: [seul]\n  - label: "1000+"\n    en: [huge]\n');
    const extractor = phraseTableExtractor('size', ['1-9', '1000+'] as const, {
      file: bands,
      readFirst: (text) => (/\d/.test(text) ? { ok: true, value: '1000+', confidence: 0.95 } : undefined),
    });
    expect(extractor.extract('seul, 5000 salariés', ctx)).toMatchObject({ ok: true, value: '1000+' });
    expect(extractor.extract('je suis seul', ctx)).toMatchObject({ ok: true, value: '1-9' });
    expect(extractor.extract('vert', ctx)).toEqual({ ok: false, reason: 'unrecognised' });
    expect(() => loadPhraseTable(file('bad-band.yaml', 'labels: ["1 9"]\ngroups: []\n'), ['1 9'])).toThrow(PhraseTableError);
  });

  it('refuse an unknown label, a bad weight or broken YAML with the file and line', () => {
    expect(() => loadPhraseTable(table, ['red'])).toThrow(PhraseTableError);
    expect(() => loadPhraseTable(file('w.yaml', 'labels: [red]\ngroups:\n  - label: red\n    weight: -1\n    fr: [x]\n'), ['red'])).toThrow(/w\.yaml:4:\d+/);
    expect(() => loadPhraseTable(file('g.yaml', 'labels: [red]\ngroups:\n  - label: green\n'), ['red'])).toThrow(/green/);
    expect(() => loadPhraseTable(file('b.yaml', 'labels: [red\n'), ['red'])).toThrow(PhraseTableError);
    expect(() => loadPhraseTable(path.join(dir, 'missing.yaml'), ['red'])).toThrow(/cannot read/);
  });
});

describe('the phrase matcher', () => {
  const matcher = new PhraseMatcher([
    { label: 'boss', phrases: { fr: ['je décide', 'patron'], en: ['i decide'] } },
    { label: 'user', phrases: { fr: ['utilisateur'], en: ['user'] } },
  ]);

  it('drops a phrase said under a negation, before or after the verb', () => {
    expect(matcher.match('je ne décide pas')).toBeUndefined();
    expect(matcher.match('je décide de rien, je suis utilisateur')?.label).toBe('user');
    expect(matcher.match("I don't decide")).toBeUndefined();
    expect(matcher.match('pas patron')).toBeUndefined();
  });

  it('is less sure of a typo and of a mixed answer', () => {
    const exact = matcher.match('utilisateur')!;
    const typo = matcher.match('utilisateru')!;
    expect(typo.label).toBe('user');
    expect(typo.confidence).toBeLessThan(exact.confidence);
    expect(matcher.match('patron et utilisateur')!.confidence).toBeLessThan(0.5);
  });
});

describe('words that only share a stem with a table word', () => {
  const matcher = new PhraseMatcher([
    { label: 'student', phrases: { en: ['intern'] } },
    { label: 'press', phrases: { en: ['reporter'] } },
  ]);
  it('are not read as it ("internal" is not "intern", "report" not "reporter")', () => {
    expect(matcher.match("I'm the internal sponsor", 'en')).toBeUndefined();
    expect(matcher.match('notre équipe interne', 'fr')).toBeUndefined();
    expect(matcher.match('I report to the CFO', 'en')).toBeUndefined();
    expect(matcher.match('summer interns', 'en')?.label).toBe('student');
    expect(matcher.match('two reporters', 'en')?.label).toBe('press');
    expect(new PhraseMatcher([{ label: 'boss', phrases: { en: ['boss'] } }]).match('je bosse au SAV', 'fr')).toBeUndefined();
  });
});

describe('typo correction', () => {
  const typos = new TypoCorrector(['newsletter', 'manufacturing', 'assurance', 'sales', 'salle'], (w) => w === 'newsletters');
  it('corrects one edit (two for long words), leaves known, short, numeric and ambiguous words alone', () => {
    expect(typos.correct('newletter')).toBe('newsletter');
    expect(typos.correct('manufactoring')).toBe('manufacturing');
    expect(typos.correct('assurrance')).toBe('assurance');
    expect(typos.correct('newsletters')).toBeUndefined();
    expect(typos.correct('sale')).toBeUndefined();
    expect(typos.correct('salls')).toBeUndefined();
    expect(typos.correct('12345')).toBeUndefined();
    expect(typos.correct('x'.repeat(400))).toBeUndefined();
  });
});
