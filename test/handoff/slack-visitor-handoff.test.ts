/**
 * A visitor who chats with the bot in a Slack DM: when a rep joins, the rep's thread relays to the
 * visitor's DM and the visitor's DMs go to the thread; Leave gives the visitor back to the bot in
 * the DM, which asks its pending question again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { directMessage, eventCallback, sendToSlackEndpoint } from '../slack/support/slack-requests.js';
import { click, messageWithAction, REP, startHandoffApp, threadMessage, type HandoffApp } from './handoff-harness.js';

const VISITOR = 'U0VISITOR';
const DM = 'D0DMVISIT';

let app: HandoffApp | undefined;
afterEach(async () => {
  await app?.dispose();
  app = undefined;
});

async function dm(handoff: HandoffApp, text: string): Promise<void> {
  const res = await sendToSlackEndpoint(handoff.running.url, eventCallback(directMessage(VISITOR, text, DM)));
  expect(res.status).toBe(200);
}

/** Bot posts in the visitor's DM, in order. */
const dmPosts = (handoff: HandoffApp) => handoff.slack.messages.filter((m) => m.channel === DM);
const lastSlot = (handoff: HandoffApp) => (dmPosts(handoff).at(-1)?.metadata?.event_payload as { slot?: string } | undefined)?.slot;

describe('hand-off with a visitor on Slack', () => {
  it('relays the rep thread to the visitor DM and back, and resumes the script on Leave', async () => {
    app = await startHandoffApp();
    app.slack.users.set(VISITOR, { real_name: 'Paul Visiteur', locale: 'fr-FR' });
    await dm(app, 'bonjour');
    await app.slack.waitFor(() => lastSlot(app!) === 'consent');
    await dm(app, 'oui');
    await app.slack.waitFor(() => dmPosts(app!).length > 0 && lastSlot(app!) !== 'consent' && lastSlot(app!));
    const pendingSlot = lastSlot(app);
    await dm(app, 'je veux parler à un conseiller');
    await app.slack.waitFor(() => dmPosts(app!).some((m) => String(m.text).includes("Je préviens l'équipe commerciale")));
    const alert = await app.slack.waitFor(() => messageWithAction(app!.slack, 'join_conversation', (m) => String(m.text).includes('asks to talk to someone')), 10_000);

    expect(await click(app, REP, 'join_conversation', alert)).toBe(200);
    await app.slack.waitFor(() => dmPosts(app!).find((m) => String(m.text).includes("Camille de l'équipe commerciale a rejoint la conversation")));
    await threadMessage(app, REP, alert.ts, 'Bonjour Paul, je vous écoute.');
    const relayed = await app.slack.waitFor(() => dmPosts(app!).find((m) => String(m.text).includes('je vous écoute')));
    expect(relayed.text).toBe('*Camille*: Bonjour Paul, je vous écoute.');

    const before = dmPosts(app).length;
    await dm(app, "J'ai une question sur vos tarifs");
    await app.slack.waitFor(() => app!.slack.messages.find((m) => m.thread_ts === alert.ts && String(m.text).includes('question sur vos tarifs')), 10_000);
    expect(dmPosts(app)).toHaveLength(before);

    const leaveButton = await app.slack.waitFor(() => app!.slack.messages.find((m) => m.thread_ts === alert.ts && JSON.stringify(m.blocks ?? []).includes('leave_conversation')));
    expect(await click(app, REP, 'leave_conversation', leaveButton)).toBe(200);
    await app.slack.waitFor(() => dmPosts(app!).some((m) => String(m.text).includes('Camille a quitté la conversation')));
    await app.slack.waitFor(() => dmPosts(app!).at(-1) && lastSlot(app!) === pendingSlot, 10_000);

    // The whole exchange is in the conversation's transcript, the rep's lines under their name.
    const transcript = await app.running.app.store.transcripts.list(DM);
    expect(transcript.filter((e) => e.from === 'agent').map((e) => [e.author?.name, e.text])).toEqual([
      ['Camille', "Camille de l'équipe commerciale a rejoint la conversation"],
      ['Camille', 'Bonjour Paul, je vous écoute.'],
      ['Camille', 'Camille a quitté la conversation. Reprenons où nous en étions.'],
    ]);
    expect(transcript.some((e) => e.from === 'user' && e.text === "J'ai une question sur vos tarifs")).toBe(true);
  });
});
