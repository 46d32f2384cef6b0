import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/lead/model.js';
import { corpusHash, parseCorpus } from '../../bot/nlu/qualification/motivation-model.js';
import { timelineExtractor } from '../../bot/nlu/timeline/timeline.js';
import {
  classifyVague,
  loadVagueModel,
  readVagueCorpusSources,
  readVagueModel,
  VAGUE_LABELS,
  vagueCorpusPath,
} from '../../bot/nlu/timeline/vague-model.js';
import { loadCases } from './eval-sets.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const now = new Date('2026-11-23T12:00:00Z');
const extract = (text: string, locale: Locale) => timelineExtractor.extract(text, { locale, now });

describe('shipped timeline fallback model', () => {
  it('was trained from the current corpora (else run: npx tsx bot/nlu/timeline/train-vague.ts)', () => {
    expect(readVagueModel().corpusHash).toBe(corpusHash(readVagueCorpusSources()));
  });

  it('carries a threshold whose cross-validated precision reached the target', () => {
    const model = readVagueModel();
    expect(model.threshold).toBeGreaterThanOrEqual(0.5);
    expect(model.threshold).toBeLessThan(1);
    const pooled = model.evaluation?.pooledAtThreshold as { threshold: number; precision: number };
    expect(pooled.threshold).toBe(model.threshold);
    expect(pooled.precision).toBeGreaterThanOrEqual(model.evaluation?.targetPrecision as number);
  });

  it('loads and reports how long it took', () => {
    const ms = loadVagueModel();
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
  });

  it('refuses a corrupt model file instead of classifying with it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leadq-vague-'));
    try {
      const file = path.join(dir, 'model.json');
      writeFileSync(file, '{"version": 1, "locales": ');
      expect(() => loadVagueModel(file)).toThrow(SyntaxError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      loadVagueModel();
    }
  });
});

describe('timeline fallback corpora', () => {
  const sources = readVagueCorpusSources();
  const corpora = LOCALES.map((l) => parseCorpus(sources[l], vagueCorpusPath(l)));

  it('have the three labels in both languages, each with many paraphrases', () => {
    for (const corpus of corpora) {
      expect(Object.keys(corpus.categories).sort()).toEqual([...VAGUE_LABELS].sort());
      for (const label of VAGUE_LABELS) expect(corpus.categories[label]!.length, `${corpus.locale}.${label}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('share no line with the labelled eval set', () => {
    const evalTexts = new Set(loadCases('eval', 'timeline').map((c) => c.text.toLowerCase().trim()));
    const shared = corpora.flatMap((c) => Object.values(c.categories).flat()).filter((t) => evalTexts.has(t.toLowerCase().trim()));
    expect(shared).toEqual([]);
  });
});

describe('timeline extractor with the fallback classifier', () => {
  // Wordings found in neither the corpora nor the rules' phrase lists: only the classifier reads them.
  it.each([
    ['fr', "je suis en école d'ingé, c'est pour un projet de cours", 'none'],
    ['fr', 'le projet a été annulé en interne', 'none'],
    ['en', 'the whole thing got cancelled', 'none'],
    ['en', "we're only students", 'none'],
    ['fr', 'selon ce que dira le comité', 'unknown'],
    ['fr', 'en attente du retour de la compta', 'unknown'],
    ['fr', 'on est en pleine réflexion là-dessus', 'unknown'],
    ['en', 'pending a decision from head office', 'unknown'],
    ['en', 'no visibility on that', 'unknown'],
  ] as const)('%s "%s" → %s', (locale, text, bucket) => {
    const result = extract(text, locale);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({ text, horizonMonths: null, bucket });
  });

  it('answers from the classifier itself, above the shipped threshold, for wordings no rule knows', () => {
    const { threshold } = readVagueModel();
    for (const [text, locale, bucket] of [
      ["je suis en école d'ingé, c'est pour un projet de cours", 'fr', 'none'],
      ['the whole thing got cancelled', 'en', 'none'],
      ['aucune visibilité côté planning', 'fr', 'unknown'],
      ['pending a decision from head office', 'en', 'unknown'],
    ] as const) {
      const reading = classifyVague(text, locale);
      expect(reading?.bucket, text).toBe(bucket);
      expect(reading!.confidence).toBeGreaterThanOrEqual(threshold);
      const result = extract(text, locale);
      expect(result.ok && result.confidence, text).toBe(reading!.confidence);
    }
  });

  it('reads an English answer on the French site', () => {
    expect(classifyVague("it's my manager's call", 'fr')?.bucket).toBe('unknown');
  });

  it.each([
    ['fr', 'bonjour'],
    ['fr', 'nos commerciaux utilisent excel'],
    ['fr', "j'ai été contacté par un commercial"],
    ['en', 'a CRM'],
    ['en', '42 employees'],
    ['en', 'we need a CRM for 20 people'],
    ['en', 'I may need it'],
  ] as const)('%s "%s" (not about timing) stays not understood, so the dialog asks again', (locale, text) => {
    expect(extract(text, locale)).toEqual({ ok: false, reason: 'not_understood' });
  });

  it('survives hostile input without reading a bucket into it', () => {
    for (const text of [...HOSTILE_INPUTS, `${'je ne sais pas '.repeat(700)}`, '<b>bonjour</b> 😀'.repeat(800)]) {
      for (const locale of LOCALES) {
        expect(() => classifyVague(text, locale)).not.toThrow();
        const result = extract(text, locale);
        if (HOSTILE_INPUTS.includes(text)) expect(result.ok, text.slice(0, 40)).toBe(false);
      }
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
