/**
 * The outbox contract between the hand-off logic (which enqueues, inside a visitor's turn or a
 * rep's action) and the workers that deliver: the timeout is the bot's own, the rest go to Slack.
 * Every key is derived from what caused the item, so a replayed turn enqueues nothing twice.
 */
import type { ConversationRef, RepThread } from './sessions.js';

/** Due when a visitor who asked for a person has waited long enough. */
export const HANDOFF_TIMEOUT_TOPIC = 'handoff.timeout';
/** Alert the sales channel that a visitor asks for a person (with a Join button). */
export const HANDOFF_REQUEST_ALERT_TOPIC = 'handoff.request-alert';
/** A visitor's message, posted into the rep's thread. */
export const HANDOFF_TO_REP_TOPIC = 'handoff.to-rep';
/** A visitor picked a call-back slot: tell sales (alert redrawn, note in its thread). */
export const HANDOFF_CALLBACK_TOPIC = 'handoff.callback';

export const HANDOFF_SLACK_TOPICS = [HANDOFF_REQUEST_ALERT_TOPIC, HANDOFF_TO_REP_TOPIC, HANDOFF_CALLBACK_TOPIC] as const;

export interface TimeoutPayload {
  conversation: ConversationRef;
  requestId: string;
}

export interface RequestAlertPayload {
  conversation: ConversationRef;
  /** What the visitor wrote to ask. */
  text: string;
  leadId?: string;
  outsideHours: boolean;
}

export interface ToRepPayload {
  thread: RepThread;
  /** Who wrote it, as sales knows them (lead name, else "Visitor"). */
  from: string;
  text: string;
}

export interface CallbackPayload {
  leadId: string;
  label: string;
  thread?: RepThread;
}
