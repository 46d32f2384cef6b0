/**
 * Every question of the default scripts, answered with anything: the bot always answers, and a
 * value is kept only if the step's own validator accepts it. The prompts are enumerated by walking
 * the script with well-formed answers; each is then attacked two ways:
 * - in process, on the script runner with the real NLU (the runner's state is plain JSON, so every
 *   run resumes the same saved prompt): many runs;
 * - end to end over /api/messages on the real app and store: fewer runs, and the stored lead is
 *   checked with the store's own validator and the slot extractors.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDefaultServices } from '../../bot/dialog-services.js';
import type { Lead, Locale } from '../../core/lead/model.js';
import { extractorFor } from '../../core/slots/extractor.js';
import { patchFromSlots } from '../../core/slots/slots.js';
import { checkLeadPatch, LEAD_PATCH_FIELDS } from '../../data/repositories/lead-patch.js';
import { listScriptFiles, loadScriptFiles } from '../../dialogs/engine/loader.js';
import { createMemoryHost } from '../../dialogs/engine/memory-host.js';
import type { RunnerState, TurnResult } from '../../dialogs/engine/model.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';
import { ENGLISH_WARM, FRENCH_HOT, type Answers } from '../e2e/answers.js';
import { answerFor } from '../e2e/choose-answer.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { hostileString } from './support/hostile.js';
import { startPropertyApp, type PropertyApp } from './support/property-app.js';

// Each property drives the real app dozens of times: minutes, not the default 30 s, on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 300_000 });

const IN_PROCESS_RUNS = 60;
const OVER_HTTP_RUNS = 3;

const services = loadDefaultServices();
const now = () => new Date('2026-03-02T10:00:00Z');

/** Answers a visitor may give: any text, e-mail-like text, very long text, markup. */
const answer = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.tuple(fc.emailAddress(), hostileString).map(([email, text]) => `${text} ${email} ${text}`) },
  { weight: 1, arbitrary: fc.integer({ min: 400, max: 5_000 }).map((n) => 'Jean '.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('<b>Camille</b> Martin', 'Camille <script>alert(1)</script>', '+33 6 12 34 56 78 <img src=x>', 'oui', 'passer', 'recommencer', 'aide', 'stop') },
);

/** The values a conversation holds must be ones the slot's validator and the store accept. */
function expectOnlyValidValues(values: Record<string, unknown>, locale: Locale): void {
  const patch = patchFromSlots(values);
  expect(() => checkLeadPatch(patch)).not.toThrow();
  const ctx = { locale, now: now(), defaultCountry: 'FR' };
  const accepted = (slot: string, text: string) => extractorFor(services.extractors, slot)?.extract(text, ctx).ok;
  if (patch.email !== undefined) expect(accepted('email', patch.email), `email ${patch.email}`).toBe(true);
  if (patch.name !== undefined) expect(accepted('name', patch.name), `name ${patch.name}`).toBe(true);
  if (patch.company !== undefined) expect(accepted('company', patch.company), `company ${patch.company}`).toBe(true);
  if (patch.phone !== undefined) expect(patch.phone).toMatch(/^\+[1-9]\d{5,14}$/);
  for (const text of [patch.name, patch.email, patch.company]) if (text !== undefined) expect(text).not.toMatch(/[<>]/);
}

interface Prompt {
  slot: string;
  state: RunnerState;
}

/** Walks the script with well-formed answers and keeps the runner's state at every question. */
async function promptsOf(runner: ScriptRunner, locale: Locale, answers: Answers): Promise<Prompt[]> {
  const host = createMemoryHost({ ...services, now });
  const prompts: Prompt[] = [];
  let result: TurnResult = await runner.start({ locale, host });
  for (let turn = 0; turn < 40 && !result.done; turn++) {
    const prompt = result.outputs.at(-1)?.prompt;
    if (!prompt) break;
    prompts.push({ slot: prompt.slot, state: result.state });
    result = await runner.resume(result.state, answerFor(answers, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text, host);
  }
  return prompts;
}

describe.each([
  ['fr', FRENCH_HOT],
  ['en', ENGLISH_WARM],
] as [Locale, Answers][])('every question of the %s script, in process', (locale, answers) => {
  let runner: ScriptRunner;
  let prompts: Prompt[] = [];
  beforeAll(async () => {
    const scripts = await loadScriptFiles(await listScriptFiles('dialogs/scripts'));
    runner = new ScriptRunner(scripts, 'qualification');
    prompts = await promptsOf(runner, locale, answers);
  });

  it('enumerates the questions from the script', () => {
    expect(prompts.map((p) => p.slot)).toEqual(expect.arrayContaining(['consent', 'name', 'email', 'phone', 'company', 'project', 'timeline', 'motivation', 'budget', 'role']));
  });

  it('answers anything at any question, and keeps only values the step accepts', async () => {
    for (const prompt of prompts) {
      await fc.assert(
        fc.asyncProperty(answer, async (text) => {
          const host = createMemoryHost({ ...services, now, known: {} });
          const result = await runner.resume(prompt.state, text, host);
          expect(result.outputs.length + (result.done ? 1 : 0), `no answer at ${prompt.slot} to ${JSON.stringify(text.slice(0, 80))}`).toBeGreaterThan(0);
          for (const output of result.outputs) expect(output.text.trim()).not.toBe('');
          expectOnlyValidValues(result.state.values, locale);
          for (const save of host.saves) expectOnlyValidValues(save.values, locale);
        }),
        { numRuns: IN_PROCESS_RUNS },
      );
    }
  });
});

describe('every question over /api/messages, on the real app and store', () => {
  let app: PropertyApp;
  let slots: string[] = [];
  beforeAll(async () => {
    app = await startPropertyApp();
    const scripts = await loadScriptFiles(await listScriptFiles('dialogs/scripts'));
    slots = [...new Set((await promptsOf(new ScriptRunner(scripts, 'qualification'), 'fr', FRENCH_HOT)).map((p) => p.slot))];
  });
  afterAll(async () => {
    await app?.close();
  });

  /** A fresh conversation answered well up to `slot`; resolves once the bot asks for it. */
  async function conversationAt(slot: string): Promise<BotFrameworkClient> {
    const client = new BotFrameworkClient(app.url, { locale: 'fr-FR', conversationId: randomUUID() });
    await client.say('bonjour');
    for (let turn = 0; turn < 40 && client.prompt && client.prompt.slot !== slot; turn++) {
      const prompt = client.prompt;
      await client.say(answerFor({ ...FRENCH_HOT, email: `visitor-${randomUUID()}@acme-industrie.fr` }, prompt.slot, prompt.choices?.map((c) => c.label) ?? []).text);
    }
    expect(client.prompt?.slot).toBe(slot);
    return client;
  }

  it('answers anything at every question, never a 5xx, and stores only valid values (never a lead without consent)', async () => {
    expect(slots.length).toBeGreaterThan(8);
    for (const slot of slots) {
      await fc.assert(
        fc.asyncProperty(answer, async (text) => {
          const client = await conversationAt(slot);
          const res = await client.raw({ type: 'message', id: randomUUID(), text, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1/unused', from: { id: client.userId }, recipient: { id: 'leadq-bot' }, conversation: { id: client.conversationId }, locale: 'fr-FR', deliveryMode: 'expectReplies' });
          expect(res.status, `${slot}: ${JSON.stringify(text.slice(0, 80))}`).toBeLessThan(500);
          if (res.status === 200) {
            const replies = ((await res.json()) as { activities?: { type: string; text?: string }[] }).activities ?? [];
            expect(replies.some((r) => r.type === 'message' && (r.text ?? '').trim() !== ''), `the bot said nothing at ${slot}`).toBe(true);
          } else {
            await res.arrayBuffer();
          }
          const lead = await app.running.app.store.leads.findByVisitorId(`emulator:${client.userId}`);
          if (lead) {
            expect(lead.consent?.given).toBe(true);
            expectOnlyValidValues(leadValues(lead), 'fr');
          }
        }),
        { numRuns: OVER_HTTP_RUNS },
      );
    }
  });
});

/** A stored lead's fields back as the slot values that produced them. */
function leadValues(lead: Lead): Record<string, unknown> {
  const patch = Object.fromEntries(LEAD_PATCH_FIELDS.filter((f) => lead[f] !== undefined).map((f) => [f, lead[f]]));
  expect(() => checkLeadPatch(patch)).not.toThrow();
  return { ...(lead.email && { email: lead.email }), ...(lead.name && { name: lead.name }), ...(lead.company && { company: lead.company }), ...(lead.phone && { phone: lead.phone }) };
}
