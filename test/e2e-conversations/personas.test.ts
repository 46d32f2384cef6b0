/**
 * Whole conversations on /api/messages, FR and EN, one persona at a time (see personas.ts).
 * Asserted: the conversation ends, consent is respected, nothing is asked again, every expected
 * field, the stage and the temperature are stored as the persona declares, and stage and
 * temperature agree with the score and config/scoring.yaml. test-results/conversations.md keeps
 * the per-persona detail (what was asked, re-asked and stored), with a one-line summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { loadScoringRules } from '../../bot/scoring/index.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { runPersona } from './conversation-driver.js';
import { renderReport, summaryLine, totalsOf, type PersonaOutcome } from './conversation-report.js';
import { compareLead } from './lead-comparison.js';
import { PERSONAS } from './personas.js';

const REPORT = path.resolve('test-results', 'conversations.md');
const rules = loadScoringRules();
const outcomes: PersonaOutcome[] = [];
let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running?.dispose();
  if (outcomes.length === 0) return;
  await mkdir(path.dirname(REPORT), { recursive: true });
  await writeFile(REPORT, renderReport(outcomes));
  console.log(summaryLine(totalsOf(outcomes)));
});

async function leadOf(userId: string): Promise<Lead | undefined> {
  const res = await running.admin('/api/leads?channel=emulator&limit=200');
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: Lead[] };
  const found = items.filter((lead) => lead.visitorIds.includes(`emulator:${userId}`));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('personas through whole conversations on /api/messages', () => {
  it('has at least 8 French and 8 English visitors', () => {
    expect(PERSONAS.filter((p) => p.locale?.startsWith('fr') && p.speaks === 'fr').length).toBeGreaterThanOrEqual(8);
    expect(PERSONAS.filter((p) => p.speaks === 'en').length).toBeGreaterThanOrEqual(8);
    expect(new Set(PERSONAS.map((p) => p.id)).size).toBe(PERSONAS.length);
  });

  for (const persona of PERSONAS) {
    it(`${persona.id}: ${persona.summary}`, async () => {
      const run = await runPersona(running.url, persona);
      const lead = await leadOf(run.userId);
      const expected = persona.expected;
      const fields = lead ? compareLead(lead, expected) : [];
      outcomes.push({
        run,
        lead,
        fields,
        stageMatched: Boolean(lead && expected.stage?.includes(lead.stage)),
        temperatureMatched: Boolean(lead && expected.temperature?.includes(lead.temperature)),
      });

      expect(run.ended, `conversation still asking after ${run.exchanges.length} answers`).toBe(true);
      expect(run.askedAgain, 'questions asked again after the bot had moved on').toEqual([]);
      // Bounded re-asks: a slot is never asked more than its attempts (3) plus one clarification.
      const perSlot = new Map<string, number>();
      for (const exchange of run.exchanges) perSlot.set(exchange.slot, (perSlot.get(exchange.slot) ?? 0) + (exchange.reask ? 1 : 0));
      for (const [slot, reasks] of perSlot) expect(reasks, `re-asks of ${slot}`).toBeLessThanOrEqual(3);

      if (!expected.stored) {
        expect(lead, 'a lead was stored although consent was declined').toBeUndefined();
        return;
      }
      expect(lead, 'no lead stored after consent').toBeDefined();
      const stored = lead!;
      expect(stored.consent?.given).toBe(true);
      // Every field the persona's words should have produced, as stored.
      const missed = fields.filter((field) => !field.matched);
      expect(missed.map(({ field, actual }) => `${field}: stored ${JSON.stringify(actual)}`)).toEqual([]);
      expect(expected.stage, 'stage').toContain(stored.stage);
      expect(expected.temperature, 'temperature').toContain(stored.temperature);
      // Stage, temperature and score agree with the scoring rules.
      expect(stored.score).toBeGreaterThanOrEqual(0);
      expect(stored.score).toBeLessThanOrEqual(100);
      const sum = stored.scoreBreakdown.reduce((total, line) => total + line.points, 0);
      expect(stored.score).toBe(Math.min(100, Math.max(0, sum)));
      const { warm, hot } = rules.thresholds.temperature;
      expect(stored.temperature).toBe(stored.score >= hot ? 'hot' : stored.score >= warm ? 'warm' : 'cold');
      const hasProject = rules.thresholds.mqlProject === 'catalogue' ? Boolean(stored.project?.id) : Boolean(stored.project?.text?.trim());
      const qualified = stored.score >= rules.thresholds.mql && hasProject;
      expect(stored.stage).toBe(qualified ? 'mql' : 'mcl');
    });
  }
});
