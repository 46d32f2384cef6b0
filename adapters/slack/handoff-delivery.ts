/**
 * Outbox handlers for the hand-off's Slack posts: a visitor's request for a person (with a Join
 * button), each visitor message into the rep's thread, and a chosen call-back slot. All through
 * postOnce, so a Slack failure is retried by the outbox and a crash after posting never duplicates.
 */
import type { webApi } from '@slack/bolt';
import type { Store } from '../../core/ports/store.js';
import type { OutboxItem } from '../../core/ports/repository.js';
import {
  HANDOFF_CALLBACK_TOPIC,
  HANDOFF_REQUEST_ALERT_TOPIC,
  HANDOFF_TO_REP_TOPIC,
  type CallbackPayload,
  type RequestAlertPayload,
  type ToRepPayload,
} from '../../bot/handoff/topics.js';
import { parseConversationKey } from '../../bot/handoff/sessions.js';
import { leadAlertKey } from '../../bot/outbox/lead-alert.js';
import { PermanentError } from '../../bot/outbox/errors.js';
import type { OutboxHandler } from '../../bot/outbox/worker.js';
import type { AlertDelivery } from './alert-delivery.js';
import { contactText, renderLeadAlert, type TeamLanguage } from './alert-message.js';
import { button, fieldsSection, isBlock, mrkdwnSection, safeText, type Block } from './blocks.js';
import { ACTION_JOIN, encodeConversationTarget } from './handoff-actions.js';
import { postOnce } from './post-once.js';

export interface HandoffDeliveryDeps {
  store: Store;
  client: webApi.WebClient;
  salesChannel: string;
  publicUrl?: string;
  /** The team's language for the redrawn MQL alert. */
  language?: TeamLanguage;
}

export function handoffDeliveryHandler(deps: HandoffDeliveryDeps): OutboxHandler {
  return async (item) => {
    switch (item.topic) {
      case HANDOFF_REQUEST_ALERT_TOPIC:
        return postRequestAlert(deps, item as OutboxItem<RequestAlertPayload>);
      case HANDOFF_TO_REP_TOPIC:
        return postToRep(deps, item as OutboxItem<ToRepPayload>);
      case HANDOFF_CALLBACK_TOPIC:
        return noteCallback(deps, item as OutboxItem<CallbackPayload>);
      default:
        throw new PermanentError(`not a hand-off topic: ${item.topic}`);
    }
  };
}

async function postRequestAlert(deps: HandoffDeliveryDeps, item: OutboxItem<RequestAlertPayload>): Promise<{ channel: string; ts: string }> {
  const { conversation, text, leadId, outsideHours } = item.payload;
  const ref = parseConversationKey(`${conversation?.channel}:${conversation?.conversationId}`);
  if (!ref || typeof text !== 'string') throw new PermanentError('malformed hand-off request payload');
  const lead = leadId ? await deps.store.leads.get(leadId) : null;
  const who = lead ? [lead.name, lead.company].filter(Boolean).join(' — ') || lead.email || 'A visitor' : 'A visitor';
  const headline = `🙋 ${who} asks to talk to someone${outsideHours ? ' (outside business hours: call-back slots offered)' : ''}`;
  const blocks: (Block | null)[] = [
    mrkdwnSection(`*${safeText(headline, 300)}*\n> ${safeText(text, 1500)}`),
    lead
      ? fieldsSection([
          ['Contact', contactText(lead)],
          ['Score', safeText(`${lead.score}/100 ${lead.temperature}`, 100)],
          ['Channel', safeText(ref.channel, 100)],
        ])
      : null,
    { type: 'actions', elements: [button('💬 Join the conversation', ACTION_JOIN, encodeConversationTarget(ref), 'primary')] },
  ];
  const posted = await postOnce(deps.client, {
    channel: deps.salesChannel,
    key: item._id,
    text: safeText(headline, 300),
    blocks: blocks.filter(isBlock),
    checkFirst: item.attempts > 1,
    since: new Date(item.createdAt),
  });
  return { channel: posted.channel, ts: posted.ts };
}

async function postToRep(deps: HandoffDeliveryDeps, item: OutboxItem<ToRepPayload>): Promise<{ ts: string }> {
  const { thread, from, text } = item.payload;
  if (!thread || typeof thread.channel !== 'string' || typeof thread.ts !== 'string' || typeof text !== 'string') throw new PermanentError('malformed hand-off relay payload');
  const posted = await postOnce(deps.client, {
    channel: thread.channel,
    threadTs: thread.ts,
    key: item._id,
    text: `💬 *${safeText(String(from), 100)}*: ${safeText(text, 3500)}`,
    checkFirst: item.attempts > 1,
    since: new Date(item.createdAt),
  });
  return { ts: posted.ts };
}

/** The lead's alert is redrawn (it shows the slot) and the slot is noted in the thread sales follows. */
async function noteCallback(deps: HandoffDeliveryDeps, item: OutboxItem<CallbackPayload>): Promise<{ ts: string } | { skipped: string }> {
  const { leadId, label, thread } = item.payload;
  if (typeof leadId !== 'string' || typeof label !== 'string') throw new PermanentError('malformed call-back payload');
  const lead = await deps.store.leads.get(leadId);
  if (!lead) return { skipped: 'lead no longer exists' };
  const alert = (await deps.store.outbox.get(leadAlertKey(leadId, 'qualified')))?.result as AlertDelivery | undefined;
  if (alert?.ts) {
    const message = renderLeadAlert(lead, { leadId, event: 'qualified', ...(alert.rep ? { rep: alert.rep } : {}) }, deps.publicUrl, deps.language);
    await deps.client.chat.update({ channel: alert.channel, ts: alert.ts, text: message.text, blocks: message.blocks });
  }
  const where = thread ?? (alert?.ts ? { channel: alert.channel, ts: alert.ts } : undefined);
  const who = lead.name ?? lead.email ?? 'The visitor';
  const posted = await postOnce(deps.client, {
    channel: where?.channel ?? deps.salesChannel,
    ...(where ? { threadTs: where.ts } : {}),
    key: item._id,
    text: `📅 ${safeText(who, 200)} would like a call back: *${safeText(label, 200)}*`,
    checkFirst: item.attempts > 1,
    since: new Date(item.createdAt),
  });
  return { ts: posted.ts };
}
