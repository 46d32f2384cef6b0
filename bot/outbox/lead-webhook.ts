/**
 * CRM hand-off events, queued in the outbox (one item per endpoint and event, keyed so a repeat
 * is a no-op) and delivered by adapters/webhooks. The payload holds no personal data: the
 * delivery reads the lead as it is then, so an erased person is never sent after erasure.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { OutboxRepository } from '../../core/ports/repository.js';

export const LEAD_WEBHOOK_TOPIC = 'lead-webhook';
export const LEAD_EVENTS = ['lead.captured', 'lead.qualified', 'lead.updated', 'lead.erased'] as const;
export type LeadEvent = (typeof LEAD_EVENTS)[number];

export interface LeadWebhookPayload {
  url: string;
  event: LeadEvent;
  eventId: string;
  leadId: string;
  occurredAt: string;
}

export interface LeadEvents {
  /**
   * Queue `event` for every endpoint; captured/qualified/erased happen once per lead, so their ids
   * are fixed. An update's id is `once` when given (the same change queued twice is sent once), else random.
   */
  emit(leadId: string, event: LeadEvent, once?: string): Promise<void>;
}

export function leadEvents(outbox: OutboxRepository, endpoints: readonly string[], now: () => Date = () => new Date()): LeadEvents {
  return {
    async emit(leadId, event, once) {
      if (endpoints.length === 0) return;
      const eventId = event !== 'lead.updated' ? `${leadId}.${event.slice(5)}` : once ? `${leadId}.updated.${createHash('sha256').update(once).digest('base64url').slice(0, 16)}` : randomUUID();
      const occurredAt = now().toISOString();
      for (const url of endpoints) {
        const endpoint = createHash('sha256').update(url).digest('base64url').slice(0, 12);
        const payload: LeadWebhookPayload = { url, event, eventId, leadId, occurredAt };
        await outbox.enqueue(LEAD_WEBHOOK_TOPIC, `webhook:${endpoint}:${eventId}`, payload);
      }
    },
  };
}
