/**
 * E-mails to a lead (e.g. the resources promised in the cold closing), queued in the outbox and
 * delivered by adapters/mail. One e-mail per lead and template, however often it is enqueued.
 * The payload holds no personal data: the delivery reads the lead as it is then.
 */
import type { OutboxRepository } from '../../core/ports/repository.js';

export const LEAD_MAIL_TOPIC = 'lead.mail';

export interface LeadMailPayload {
  leadId: string;
  template: string;
}

export function leadMailKey(leadId: string, template: string): string {
  return `${LEAD_MAIL_TOPIC}:${leadId}:${template}`;
}

/** Idempotent: false when this e-mail was already enqueued. */
export function enqueueLeadMail(outbox: OutboxRepository, leadId: string, template: string): Promise<boolean> {
  const payload: LeadMailPayload = { leadId, template };
  return outbox.enqueue(LEAD_MAIL_TOPIC, leadMailKey(leadId, template), payload);
}
