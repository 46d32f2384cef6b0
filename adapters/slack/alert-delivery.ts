/**
 * Outbox handlers that post lead alerts to the sales channel and, when nobody claims one in time,
 * re-notify in its thread. Both post through postOnce, so a crash after posting never duplicates.
 */
import type { webApi } from '@slack/bolt';
import type { Store } from '../../core/ports/store.js';
import type { OutboxItem } from '../../core/ports/repository.js';
import { LEAD_ALERT_EVENTS, LEAD_ALERT_TOPIC, type LeadAlertEvent, type LeadAlertPayload } from '../../bot/outbox/lead-alert.js';
import { PermanentError } from '../../bot/outbox/errors.js';
import type { OutboxHandler } from '../../bot/outbox/worker.js';
import { renderLeadAlert, type TeamLanguage } from './alert-message.js';
import type { SlackConfig } from './config.js';
import { postOnce } from './post-once.js';
import type { RepRouter } from './routing.js';

export const LEAD_RENOTIFY_TOPIC = 'slack.lead-renotify';

/** Stored as the outbox item's result: where the alert lives, for later chat.update. */
export interface AlertDelivery {
  channel: string;
  ts: string;
  rep?: string;
  /** True when a previous attempt had posted it (crash or lost lease after posting). */
  alreadyPosted: boolean;
}

interface RenotifyPayload {
  leadId: string;
  event: LeadAlertEvent;
  channel: string;
  ts: string;
  rep?: string;
}

export interface AlertDeliveryDeps {
  store: Store;
  client: webApi.WebClient;
  config: SlackConfig;
  salesChannel: string;
  router: RepRouter;
  publicUrl?: string;
  /** The team's language for alerts (default English). */
  language?: TeamLanguage;
}

/** Topics and handler for the worker that delivers Slack alerts. */
export function alertDeliveryHandler(deps: AlertDeliveryDeps): OutboxHandler {
  return (item) => (item.topic === LEAD_RENOTIFY_TOPIC ? renotify(deps, item as OutboxItem<RenotifyPayload>) : postAlert(deps, item));
}

export const ALERT_DELIVERY_TOPICS = [LEAD_ALERT_TOPIC, LEAD_RENOTIFY_TOPIC] as const;

async function postAlert(deps: AlertDeliveryDeps, item: OutboxItem): Promise<AlertDelivery | { skipped: string }> {
  const payload = parseAlertPayload(item.payload);
  if (payload.event === 'captured-hot' && !deps.config.alertHotCaptured) return { skipped: 'hot-captured alerts are off' };
  const lead = await deps.store.leads.get(payload.leadId);
  if (!lead) return { skipped: 'lead no longer exists' };
  const rep = (await deps.router.repFor(lead)) ?? undefined;
  const message = renderLeadAlert(lead, { leadId: lead._id, event: payload.event, ...(rep ? { rep } : {}) }, deps.publicUrl, deps.language);
  const posted = await postOnce(deps.client, {
    channel: deps.salesChannel,
    key: item._id,
    text: message.text,
    blocks: message.blocks,
    checkFirst: item.attempts > 1,
    since: new Date(item.createdAt),
  });
  const minutes = deps.config.routing.renotifyAfterMinutes;
  if (minutes) {
    const renotifyPayload: RenotifyPayload = { leadId: lead._id, event: payload.event, channel: posted.channel, ts: posted.ts, ...(rep ? { rep } : {}) };
    await deps.store.outbox.enqueue(LEAD_RENOTIFY_TOPIC, `${LEAD_RENOTIFY_TOPIC}:${item._id}`, renotifyPayload, new Date(Date.now() + minutes * 60_000));
  }
  return { channel: posted.channel, ts: posted.ts, ...(rep ? { rep } : {}), alreadyPosted: posted.found };
}

async function renotify(deps: AlertDeliveryDeps, item: OutboxItem<RenotifyPayload>): Promise<AlertDelivery | { skipped: string }> {
  const { leadId, channel, ts, rep } = item.payload;
  const lead = await deps.store.leads.get(leadId);
  if (!lead || lead.owner || !['visitor', 'mcl', 'mql'].includes(lead.stage)) return { skipped: 'claimed or closed' };
  const who = rep ? `<@${rep}>` : '<!here>';
  const minutes = deps.config.routing.renotifyAfterMinutes ?? 0;
  const posted = await postOnce(deps.client, {
    channel,
    key: item._id,
    threadTs: ts,
    broadcast: true,
    text: `⏰ ${who} this lead is still unclaimed after ${minutes} min.`,
    checkFirst: item.attempts > 1,
    since: new Date(item.createdAt),
  });
  return { channel: posted.channel, ts: posted.ts, ...(rep ? { rep } : {}), alreadyPosted: posted.found };
}

function parseAlertPayload(payload: unknown): LeadAlertPayload {
  const p = payload as Partial<LeadAlertPayload> | null;
  if (!p || typeof p.leadId !== 'string' || !LEAD_ALERT_EVENTS.includes(p.event as LeadAlertEvent)) {
    throw new PermanentError(`malformed lead alert payload: ${JSON.stringify(payload)?.slice(0, 200)}`);
  }
  return p as LeadAlertPayload;
}
