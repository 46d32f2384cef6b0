/**
 * The alert trigger contract between the lead lifecycle and the channels that alert sales:
 * the lifecycle enqueues, a channel (Slack) delivers through an OutboxWorker.
 */
import type { OutboxRepository } from '../../core/ports/repository.js';

export const LEAD_ALERT_TOPIC = 'lead.alert';

export type LeadAlertEvent = 'qualified' | 'captured-hot';
export const LEAD_ALERT_EVENTS: readonly LeadAlertEvent[] = ['qualified', 'captured-hot'];

export interface LeadAlertPayload {
  leadId: string;
  event: LeadAlertEvent;
  /** ISO date of the lifecycle event. */
  at: string;
}

/** One alert per lead and event, whoever enqueues it and however often. */
export function leadAlertKey(leadId: string, event: LeadAlertEvent): string {
  return `${LEAD_ALERT_TOPIC}:${leadId}:${event}`;
}

/** Idempotent: false when this alert was already enqueued. */
export function enqueueLeadAlert(outbox: OutboxRepository, leadId: string, event: LeadAlertEvent, at: Date = new Date()): Promise<boolean> {
  const payload: LeadAlertPayload = { leadId, event, at: at.toISOString() };
  return outbox.enqueue(LEAD_ALERT_TOPIC, leadAlertKey(leadId, event), payload);
}
