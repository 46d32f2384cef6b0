/**
 * Whole conversations on /api/messages, FR and EN, one persona at a time (see personas.ts).
 * Hard assertions are what any good bot must do whatever its NLU: end the conversation, respect
 * consent, store contact details exactly, keep stage and temperature consistent with the score,
 * never ask again what was answered. Field-level understanding goes to
 * test-results/conversations.md, with a one-line summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { loadScoringRules } from '../../bot/scoring/index.js';
import { startApp, type RunningApp } from '../support/app-harness.js';
import { runPersona } from './conversation-driver.js';
import { renderReport, summaryLine, totalsOf, type PersonaOutcome } from './conversation-report.js';
import { compareLead, matches } from './lead-comparison.js';
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
      outcomes.push({
        run,
        lead,
        fields: lead ? compareLead(lead, expected) : [],
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
      // Contact details are exact, whatever the phrasing around them.
      for (const field of ['email', 'phone'] as const) {
        const want = expected.fields?.[field];
        if (want !== undefined) expect(matches(want, stored[field]), `${field}: stored ${String(stored[field])}`).toBe(true);
      }
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
