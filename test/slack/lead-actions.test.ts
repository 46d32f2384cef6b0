import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT, ACTION_CLAIM, ACTION_REJECT } from '../../adapters/slack/alert-message.js';
import { REJECT_MODAL } from '../../adapters/slack/lead-actions.js';
import { enqueueLeadAlert, leadAlertKey } from '../../bot/outbox/lead-alert.js';
import type { Lead } from '../../core/lead/model.js';
import { FAKE_TEAM, type FakeMessage } from './support/fake-slack-api.js';
import { SALES_CHANNEL, startHarness, type Harness } from './support/harness.js';
import { buttonClick, interaction, sendToSlackEndpoint, slashCommand } from './support/slack-requests.js';
import { seedLead } from './support/test-store.js';

interface ButtonElement {
  action_id: string;
  value: string;
}

describe('Claim / Accept / Reject from the alert, and /leads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.slack.channelMembers.set(SALES_CHANNEL, ['U0REP1', 'U0REP2', 'U0REP3']);
  });
  afterAll(async () => h.close());

  async function alertOf(lead: Lead): Promise<FakeMessage> {
    await enqueueLeadAlert(h.store.outbox, lead._id, 'qualified');
    return h.slack.waitFor(() => h.slack.messages.find((m) => m.metadata?.event_payload.key === leadAlertKey(lead._id, 'qualified')));
  }

  function buttonOf(message: FakeMessage, actionId: string): ButtonElement {
    const actions = (message.blocks as { type: string; elements?: ButtonElement[] }[]).find((b) => b.type === 'actions');
    const button = actions?.elements?.find((e) => e.action_id === actionId);
    if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(message.blocks)}`);
    return button;
  }

  async function click(user: string, message: FakeMessage, actionId: string): Promise<Response> {
    const button = buttonOf(message, actionId);
    return sendToSlackEndpoint(h.baseUrl, buttonClick(user, button, { channel: message.channel, ts: message.ts }));
  }

  const updatesOf = (message: FakeMessage) => h.slack.callsTo('chat.update').filter((c) => c.args.ts === message.ts);
  const ephemeralsTo = (user: string) => h.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

  it('Claim assigns the first rep and shows who; a second rep sees it is taken', async () => {
    const lead = await seedLead(h.store);
    const alert = await alertOf(lead);
    const firstClick = await click('U0REP1', alert, ACTION_CLAIM);
    expect(firstClick.status).toBe(200);
    await h.slack.waitFor(() => updatesOf(alert).length === 1);
    expect((await h.store.leads.get(lead._id))?.owner).toBe('U0REP1');
    expect(JSON.stringify(alert.blocks)).toContain('Claimed by <@U0REP1>');
    expect(JSON.stringify(alert.blocks)).not.toContain(ACTION_CLAIM);

    // The second rep clicked on a stale copy of the message that still had the button.
    await sendToSlackEndpoint(h.baseUrl, buttonClick('U0REP2', { action_id: ACTION_CLAIM, value: JSON.stringify({ leadId: lead._id, event: 'qualified' }) }, { channel: alert.channel, ts: alert.ts }));
    const refusal = await h.slack.waitFor(() => ephemeralsTo('U0REP2')[0]);
    expect(refusal.args.text).toContain('already claimed by <@U0REP1>');
    expect((await h.store.leads.get(lead._id))?.owner).toBe('U0REP1');
  });

  it('Accept moves the lead to SQL (owner only) and redraws the message without buttons', async () => {
    const lead = await seedLead(h.store);
    const alert = await alertOf(lead);
    await click('U0REP1', alert, ACTION_CLAIM);
    await h.slack.waitFor(() => updatesOf(alert).length === 1);

    await click('U0REP2', alert, ACTION_ACCEPT);
    const refusal = await h.slack.waitFor(() => ephemeralsTo('U0REP2').find((c) => String(c.args.text).includes('only they can accept')));
    expect(refusal.args.channel).toBe(SALES_CHANNEL);
    expect((await h.store.leads.get(lead._id))?.stage).toBe('mql');

    await click('U0REP1', alert, ACTION_ACCEPT);
    await h.slack.waitFor(() => updatesOf(alert).length === 2);
    const accepted = await h.store.leads.get(lead._id);
    expect(accepted?.stage).toBe('sql');
    expect(accepted?.history.at(-1)).toMatchObject({ stage: 'sql', by: 'U0REP1' });
    expect(JSON.stringify(alert.blocks)).toContain('Accepted (SQL)');
    expect((alert.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
  });

  it('Reject opens a modal; its submission records the reason and redraws the message', async () => {
    const lead = await seedLead(h.store);
    const alert = await alertOf(lead);
    await click('U0REP3', alert, ACTION_REJECT);
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open').at(-1));
    const view = open.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(REJECT_MODAL);
    expect((await h.store.leads.get(lead._id))?.owner).toBe('U0REP3');

    const submit = (values: Record<string, unknown>) =>
      sendToSlackEndpoint(
        h.baseUrl,
        interaction({
          type: 'view_submission',
          team: { id: FAKE_TEAM, domain: 'test' },
          user: { id: 'U0REP3', username: 'rep3', team_id: FAKE_TEAM },
          api_app_id: 'A0APP',
          token: 't',
          trigger_id: 'trigger-x',
          view: { id: 'V1', type: 'modal', callback_id: REJECT_MODAL, private_metadata: view.private_metadata, state: { values }, hash: 'h' },
        }),
      );

    const missing = await submit({ reason: { reason: { type: 'static_select', selected_option: null } } });
    expect(await missing.json()).toEqual({ response_action: 'errors', errors: { reason: 'Pick a reason' } });
    expect((await h.store.leads.get(lead._id))?.stage).toBe('mql');

    const ok = await submit({
      reason: { reason: { type: 'static_select', selected_option: { value: 'no-budget', text: { type: 'plain_text', text: 'No budget' } } } },
      note: { note: { type: 'plain_text_input', value: 'Wants it <b>free</b> 🙃' } },
    });
    expect(ok.status).toBe(200);
    await h.slack.waitFor(() => updatesOf(alert).length >= 1);
    const rejected = await h.store.leads.get(lead._id);
    expect(rejected?.stage).toBe('rejected');
    expect(rejected?.history.at(-1)).toMatchObject({ stage: 'rejected', by: 'U0REP3', reason: 'No budget: Wants it <b>free</b> 🙃' });
    expect(JSON.stringify(alert.blocks)).toContain('Rejected');
    expect(JSON.stringify(alert.blocks)).toContain('No budget: Wants it &lt;b&gt;free&lt;/b&gt; 🙃');
  });

  it('ignores forged or foreign button values', async () => {
    const updatesBefore = h.slack.callsTo('chat.update').length;
    for (const value of ['not json', '{"leadId": {"$gt": ""}, "event": "qualified"}', '{"__proto__": {"x": 1}}', 'x'.repeat(12_000)]) {
      const res = await sendToSlackEndpoint(h.baseUrl, buttonClick('U0REP1', { action_id: ACTION_CLAIM, value }, { channel: SALES_CHANNEL, ts: '1.000001' }));
      expect(res.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(h.slack.callsTo('chat.update').length).toBe(updatesBefore);
  });

  it('/leads: hot leads of the week, search, and only for the sales channel members (ephemeral)', async () => {
    await seedLead(h.store, { name: 'Zoé Hot', company: 'Brûlant SA', email: 'zoe@brulant.fr', score: 95, temperature: 'hot' });
    await seedLead(h.store, { name: 'Carl Cold', company: 'Glacier Inc', email: 'carl@glacier.io', score: 10, temperature: 'cold' });

    const week = await (await sendToSlackEndpoint(h.baseUrl, slashCommand('U0REP1', ''))).json();
    expect(week.response_type).toBe('ephemeral');
    expect(JSON.stringify(week.blocks)).toContain('Zoé Hot');
    expect(JSON.stringify(week.blocks)).not.toContain('Carl Cold');

    const search = await (await sendToSlackEndpoint(h.baseUrl, slashCommand('U0REP1', 'glacier'))).json();
    expect(search.text).toContain('1 lead matching');
    expect(JSON.stringify(search.blocks)).toContain('carl@glacier.io');

    const hostile = await (await sendToSlackEndpoint(h.baseUrl, slashCommand('U0REP1', `{"$gt": ""} <script> ${'😈'.repeat(3000)}`))).json();
    expect(hostile.response_type).toBe('ephemeral');
    expect(JSON.stringify(hostile.blocks)).toContain('No lead found');
    expect(JSON.stringify(hostile)).not.toContain('<script>');

    const outsider = await (await sendToSlackEndpoint(h.baseUrl, slashCommand('U0VISITOR', 'glacier'))).json();
    expect(outsider).toEqual({ response_type: 'ephemeral', text: 'Only members of the sales channel can look up leads.' });
  });
});
