/**
 * Live hand-off latencies on the real app (embedded store, fake Slack Web API, production worker
 * poll interval of 500 ms):
 * - rep → widget: a signed thread message into /slack/events until the message arrives on the
 *   visitor's open SSE stream (the issue asks for under 2 s);
 * - visitor → rep: the visitor's POST until chat.postMessage with the alert's thread_ts reaches Slack.
 * Messages are sent one after the other. Writes bench/results/handoff.json.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { latencySummary } from './support/timing.js';
import { click, messageWithAction, REP, startHandoffApp, threadMessage, WebVisitor } from '../test/handoff/handoff-harness.js';

const MESSAGES = 50;

export default async function bench(): Promise<object> {
  const app = await startHandoffApp({ overrides: { slack: { alertWorker: { pollIntervalMs: 500 }, reconcileIntervalMs: 5_000 }, handoffPollIntervalMs: 1_000 } });
  const visitor = new WebVisitor(app);
  try {
    await visitor.start();
    await visitor.waitFor((h) => h.some((m) => m.prompt?.slot === 'consent'));
    await visitor.say('parler à un conseiller');
    const alert = await app.slack.waitFor(() => messageWithAction(app.slack, 'join_conversation'), 15_000);
    if ((await click(app, REP, 'join_conversation', alert)) !== 200) throw new Error('join refused');
    await visitor.waitFor((h) => h.some((m) => m.from === 'agent'));

    const repToWidget: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const text = `rep message ${i}`;
      const started = performance.now();
      await threadMessage(app, REP, alert.ts, text);
      await visitor.waitFor((h) => h.some((m) => m.text === text));
      repToWidget.push(performance.now() - started);
    }

    const visitorToRep: number[] = [];
    for (let i = 0; i < MESSAGES / 5; i++) {
      const text = `visitor message ${i}`;
      const started = performance.now();
      await visitor.say(text);
      await app.slack.waitFor(() => app.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === alert.ts && String(c.args.text).includes(text)), 10_000);
      visitorToRep.push(performance.now() - started);
    }

    const results = {
      repToWidgetMs: { messages: repToWidget.length, ...latencySummary(repToWidget, 0) },
      visitorToThreadMs: { messages: visitorToRep.length, workerPollMs: 500, ...latencySummary(visitorToRep, 0) },
    };
    const report = { bench: 'handoff', at: new Date().toISOString(), node: process.version, store: 'embedded', results };
    await writeFile(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'handoff.json'), `${JSON.stringify(report, null, 2)}\n`);
    return results;
  } finally {
    visitor.disconnect();
    await app.dispose();
  }
}
