import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_RULES_PATH, loadScoringRules, parseScoringRules, ScoringRulesError } from '../../bot/scoring/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'leadq-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = readFileSync(DEFAULT_SCORING_RULES_PATH, 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function load(name: string, yaml: string) {
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return () => loadScoringRules(file);
}

describe('loadScoringRules', () => {
  it('loads the shipped config/scoring.yaml', () => {
    const rules = loadScoringRules();
    expect(rules.thresholds.mql).toBeGreaterThan(0);
    expect(rules.answers.timeline?.['1-3m']).toBeGreaterThan(0);
  });

  it('reports bad YAML with file and line', () => {
    const yaml = valid.replace('  mql: 50', '  mql: [50');
    const attempt = load('bad-yaml.yaml', yaml);
    expect(attempt).toThrow(ScoringRulesError);
    expect(attempt).toThrow(/bad-yaml\.yaml:\d+:\d+/);
  });

  it('reports an unknown field at its own line', () => {
    const yaml = valid.replace('  phone: 5', '  phone: 5\n  fax: 3');
    const attempt = load('unknown.yaml', yaml);
    expect(attempt).toThrow(new RegExp(`unknown\\.yaml:${lineOf(yaml, 'fax: 3')}:3 answers: unknown field "fax"`));
  });

  it('reports a misspelt key inside a section (e.g. a timeline bucket)', () => {
    const yaml = valid.replace('    3-6m: 12', '    3-6months: 12');
    expect(load('bucket.yaml', yaml)).toThrow(new RegExp(`bucket\\.yaml:${lineOf(yaml, '3-6months')}:5 answers\\.timeline: unknown field "3-6months"`));
  });

  it('reports a wrong type at the value line', () => {
    const yaml = valid.replace('    replace: 15', '    replace: lots');
    expect(load('type.yaml', yaml)).toThrow(new RegExp(`type\\.yaml:${lineOf(yaml, 'replace: lots')}:\\d+ answers\\.motivation\\.replace: must be number`));
  });

  it('reports every problem at once, and a missing required section', () => {
    const yaml = 'answers:\n  phone: "five"\n  role: { boss: 3 }\n';
    const attempt = load('many.yaml', yaml);
    try {
      attempt();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScoringRulesError);
      const messages = (error as ScoringRulesError).issues.map((i) => `${i.line} ${i.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^1 \(top level\): must have required property 'thresholds'/),
          expect.stringMatching(/^2 answers\.phone: must be number/),
          expect.stringMatching(/^3 answers\.role: unknown field "boss"/),
        ]),
      );
    }
  });

  it('rejects out-of-range points, inconsistent thresholds and budget ranges', () => {
    expect(load('range.yaml', valid.replace('  phone: 5', '  phone: 500'))).toThrow(/answers\.phone: must be <= 100/);
    expect(load('temp.yaml', valid.replace('warm: 40, hot: 70', 'warm: 80, hot: 70'))).toThrow(/warm \(80\) must not exceed hot \(70\)/);
    expect(load('budget.yaml', valid.replace('{ min: 5000, max: 20000,', '{ min: 5000, max: 100,'))).toThrow(/max \(100\) must be greater than min \(5000\)/);
    expect(load('enum.yaml', valid.replace('mqlProject: any', 'mqlProject: maybe'))).toThrow(/must be equal to one of the allowed values \(catalogue, any\)/);
  });

  it('rejects hostile keys, empty and huge files, and a missing file', () => {
    expect(() => parseScoringRules(valid.replace('    replace: 15', '    __proto__: 15'))).toThrow(ScoringRulesError);
    expect(() => parseScoringRules('')).toThrow(/must be object/);
    expect(() => parseScoringRules('- just\n- a list\n')).toThrow(/must be object/);
    expect(load('huge.yaml', `# ${'x'.repeat(1_100_000)}\n`)).toThrow(/larger than/);
    expect(() => loadScoringRules(path.join(dir, 'nope.yaml'))).toThrow(/nope\.yaml.*cannot read file/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses YAML alias bombs', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(() => parseScoringRules(bomb)).toThrow(ScoringRulesError);
  });
});
