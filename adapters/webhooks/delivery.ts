/**
 * Delivers lead events to the configured endpoints through the outbox worker (leases, retries
 * with exponential backoff, dead after the last attempt). Each request carries the event id
 * (`Leadq-Event-Id`) so a receiver can drop a repeat, and a signature (signature.ts).
 */
import type { Store } from '../../core/ports/store.js';
import type { OutboxItem } from '../../core/ports/repository.js';
import type { Logger } from '../../core/log.js';
import { PermanentError } from '../../bot/outbox/errors.js';
import { LEAD_WEBHOOK_TOPIC, type LeadWebhookPayload } from '../../bot/outbox/lead-webhook.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../bot/outbox/worker.js';
import { contactProperties } from './contact-properties.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

const TIMEOUT_MS = 10_000;

export interface WebhookDeliveryOptions {
  store: Store;
  secret: string;
  logger: Logger;
  now?: () => Date;
  tuning?: Partial<Pick<OutboxWorkerOptions, 'pollIntervalMs' | 'backoff' | 'maxAttempts' | 'leaseMs'>>;
}

async function deliver(options: WebhookDeliveryOptions, item: OutboxItem<LeadWebhookPayload>, signal: AbortSignal): Promise<unknown> {
  const { url, event, eventId, leadId, occurredAt } = item.payload;
  let data: Record<string, unknown> = { leadId };
  if (event !== 'lead.erased') {
    const lead = await options.store.leads.get(leadId);
    // Erased meanwhile: nothing about the person may leave any more (lead.erased follows).
    if (!lead) return { skipped: 'lead erased' };
    data = { leadId, properties: contactProperties(lead) };
  }
  const body = JSON.stringify({ id: eventId, type: event, occurredAt, data });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'leadq-webhooks/1', 'leadq-event-id': eventId, [SIGNATURE_HEADER]: signatureHeader(options.secret, body, (options.now ?? (() => new Date()))()) },
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    redirect: 'error',
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return { status: res.status };
  const message = `${url} answered ${res.status}`;
  // A client error other than timeout / rate limit will not heal by retrying.
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentError(message);
  throw new Error(message);
}

export function startWebhookDelivery(options: WebhookDeliveryOptions): OutboxWorker<LeadWebhookPayload> {
  const worker = new OutboxWorker<LeadWebhookPayload>({
    outbox: options.store.outbox,
    topics: [LEAD_WEBHOOK_TOPIC],
    handler: (item, context) => deliver(options, item, context.signal),
    pollIntervalMs: 500,
    concurrency: 2,
    maxAttempts: 8,
    logger: options.logger,
    ...options.tuning,
  });
  worker.start();
  return worker;
}
