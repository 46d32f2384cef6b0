/**
 * Live hand-off between the bot and a sales rep, whatever the channels: the visitor's turn asks
 * `beforeTurn` whether the script or a rep answers; Slack actions call `join` / `leave`; a rep's
 * thread message calls `repSays`. State lives in the store (HandoffSessions), slow or remote work
 * in the outbox (topics.ts), so a restart or another replica carries on where this one stopped.
 */
import { replyActivity } from '../turn/reply-activity.js';
import type { BotOutput } from '../../dialogs/engine/model.js';
import type { Lead, Locale } from '../../core/lead/model.js';
import type { LeadRepository, OutboxRepository } from '../../core/ports/repository.js';
import type { Logger } from '../../core/log.js';
import type { OutboxItem } from '../../core/ports/repository.js';
import { PermanentError } from '../outbox/errors.js';
import type { LeadEvents } from '../outbox/lead-webhook.js';
import { asksForPerson } from './asks-for-person.js';
import { handoffText } from './messages.js';
import { conversationKey, type ConversationRef, type HandoffSession, type HandoffSessions, type RepProfile, type RepThread } from './sessions.js';
import type { TeamAvailability } from './team-availability.js';
import {
  HANDOFF_CALLBACK_TOPIC,
  HANDOFF_REQUEST_ALERT_TOPIC,
  HANDOFF_TIMEOUT_TOPIC,
  HANDOFF_TO_REP_TOPIC,
  type CallbackPayload,
  type RequestAlertPayload,
  type TimeoutPayload,
  type ToRepPayload,
} from './topics.js';

/** A message for the visitor: from the bot (maybe a question), or from the rep (`agent`). */
export interface VisitorMessage extends BotOutput {
  agent?: RepProfile;
}

/** A bot message of the hand-off as an activity, with the same prompt contract as the script's questions. */
export function botActivity(message: BotOutput): ReturnType<typeof replyActivity> {
  return replyActivity(message);
}

/** How the hand-off reaches a visitor outside their own turns; one per channel (web, slack). */
export interface VisitorChannel {
  /** Show a message in the conversation; a repeated `onceKey` shows nothing (retries). */
  say(session: HandoffSession, message: VisitorMessage, onceKey: string): Promise<void>;
  /** Run a bot turn that asks the script's pending question again. */
  resumeBot(session: HandoffSession): Promise<void>;
}

export interface VisitorTurn extends ConversationRef {
  visitorId: string;
  locale: Locale;
  text: string;
  /** Stable across replays of the turn: keys what the turn enqueues. */
  activityId: string;
}

/** bot: run the script; handled: these replies only; resume: these replies, then the script's pending question again. */
export type TurnDecision = { kind: 'bot' } | { kind: 'handled' | 'resume'; replies: BotOutput[] };

export type JoinTarget = { leadId: string } | { conversation: ConversationRef };

export type JoinOutcome =
  | { outcome: 'joined'; session: HandoffSession }
  | { outcome: 'already-in'; session: HandoffSession }
  | { outcome: 'taken'; rep: RepProfile }
  | { outcome: 'no-conversation' };

export type LeaveOutcome = { outcome: 'left'; session: HandoffSession; rep: RepProfile } | { outcome: 'not-live' } | { outcome: 'no-conversation' };

export type RepMessageOutcome = 'delivered' | 'not-a-handoff-thread' | 'not-live' | 'not-the-rep';

export interface HandoffServiceDeps {
  sessions: HandoffSessions;
  leads: LeadRepository;
  outbox: OutboxRepository;
  /** CRM webhooks: a chosen call-back slot is a `lead.updated`. */
  leadEvents?: LeadEvents;
  team: TeamAvailability;
  logger: Logger;
  now?: () => Date;
}

/** Longest rep message relayed to a visitor; longer ones are cut (Slack allows 40k characters). */
export const MAX_REP_TEXT = 4_000;
/** Longest visitor message relayed into Slack. */
const MAX_VISITOR_TEXT = 3_000;

export class HandoffService {
  private readonly channels = new Map<string, VisitorChannel>();
  private readonly now: () => Date;
  /** Set when a channel can alert reps (Slack with a sales channel); without it, a request goes straight to call-backs. */
  private repsReachable = false;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  registerChannel(channel: string, visitors: VisitorChannel): void {
    this.channels.set(channel, visitors);
  }

  /** A rep channel (Slack alerts) is running. */
  enableRepAlerts(): void {
    this.repsReachable = true;
  }

  /** Decides who answers a visitor's message; enqueues what has to reach reps. */
  async beforeTurn(turn: VisitorTurn): Promise<TurnDecision> {
    const session = await this.deps.sessions.ensure(turn, turn.visitorId, turn.locale);
    const text = handoffText(session.locale);
    switch (session.mode) {
      case 'live':
        await this.relayToRep(session, turn);
        return { kind: 'handled', replies: [] };
      case 'callback':
        return this.answerCallbackOffer(session, turn);
      case 'waiting':
        return asksForPerson(turn.text) ? { kind: 'handled', replies: [{ text: text.alreadyRequested }] } : { kind: 'bot' };
      case 'bot':
        return asksForPerson(turn.text) ? { kind: 'handled', replies: await this.request(session, turn) } : { kind: 'bot' };
    }
  }

  /** Alert reps and start the join timeout; outside hours (or with no rep channel), offer call-backs at once. */
  private async request(session: HandoffSession, turn: VisitorTurn): Promise<BotOutput[]> {
    const now = this.now();
    const requestId = `${conversationKey(session)}:${turn.activityId}`;
    const lead = await this.deps.leads.findByVisitorId(session.visitorId);
    const open = this.deps.team.isOpen(now);
    const alert: RequestAlertPayload = { conversation: refOf(session), text: turn.text.slice(0, MAX_VISITOR_TEXT), outsideHours: !open, ...(lead ? { leadId: lead._id } : {}) };
    if (this.repsReachable) await this.deps.outbox.enqueue(HANDOFF_REQUEST_ALERT_TOPIC, `${HANDOFF_REQUEST_ALERT_TOPIC}:${requestId}`, alert);
    if (!open || !this.repsReachable) return this.offerCallback(session, 'closed');
    await this.deps.sessions.update(session, (current) => (current && current.mode !== 'live' ? { ...current, mode: 'waiting', requestId } : null));
    const timeout: TimeoutPayload = { conversation: refOf(session), requestId };
    await this.deps.outbox.enqueue(HANDOFF_TIMEOUT_TOPIC, `${HANDOFF_TIMEOUT_TOPIC}:${requestId}`, timeout, new Date(now.getTime() + this.deps.team.joinTimeoutMs));
    return [{ text: handoffText(session.locale).requested }];
  }

  /** Outbox handler of HANDOFF_TIMEOUT_TOPIC: nobody joined in time → call-back slots. */
  async onJoinTimeout(item: OutboxItem): Promise<{ offered: number } | { skipped: string }> {
    const payload = item.payload as Partial<TimeoutPayload> | null;
    if (!payload?.conversation || typeof payload.requestId !== 'string') throw new PermanentError('malformed hand-off timeout payload');
    const session = await this.deps.sessions.get(payload.conversation);
    if (!session || session.mode !== 'waiting' || session.requestId !== payload.requestId) return { skipped: 'a rep joined or the request is over' };
    const [message] = await this.offerCallback(session, 'timeout');
    await this.channelOf(session).say(session, message!, item._id);
    return { offered: (await this.deps.sessions.get(session))?.offered?.length ?? 0 };
  }

  private async offerCallback(session: HandoffSession, why: 'closed' | 'timeout'): Promise<BotOutput[]> {
    const text = handoffText(session.locale);
    const slots = this.deps.team.callbackSlots(this.now(), session.locale);
    const offered = slots.map((slot) => ({ at: slot.at.toISOString(), label: slot.label }));
    await this.deps.sessions.update(session, (current) =>
      current && current.mode !== 'live' ? { ...current, mode: slots.length > 0 ? 'callback' : 'bot', offered } : null,
    );
    if (slots.length === 0) return [{ text: text.noSlot }];
    const choices = [...offered.map((slot, i) => ({ value: `callback:${i}`, label: slot.label })), { value: 'callback:none', label: text.noThanks }];
    return [{ text: why === 'closed' ? text.closed : text.nobodyAvailable, prompt: { slot: 'callback', kind: 'choice', choices } }];
  }

  /** The visitor answers the call-back offer: a slot is recorded on the lead; anything else goes back to the script. */
  private async answerCallbackOffer(session: HandoffSession, turn: VisitorTurn): Promise<TurnDecision> {
    const text = handoffText(session.locale);
    const answer = turn.text.trim().toLowerCase();
    const slot = session.offered?.find((s, i) => s.label.toLowerCase() === answer || answer === String(i + 1));
    const declined = answer === text.noThanks.toLowerCase();
    await this.deps.sessions.update(session, (current) => (current?.mode === 'callback' ? { ...current, mode: 'bot', offered: [] } : null));
    if (declined) return { kind: 'resume', replies: [{ text: text.callbackDeclined }] };
    if (!slot) return { kind: 'bot' };
    // Not personal data: a visitor who has not given contact details yet gets a lead with the slot, and the script goes on to ask for them.
    const callback = { at: new Date(slot.at), label: slot.label, timezone: this.deps.team.config.timezone, chosenAt: this.now() };
    const known = await this.deps.leads.findByVisitorId(session.visitorId);
    const lead = await this.deps.leads.upsert({ visitorId: session.visitorId }, { callback, ...(known?.channel ? {} : { channel: session.channel, locale: session.locale }) });
    await this.deps.leadEvents?.emit(lead._id, 'lead.updated');
    if (this.repsReachable) {
      const payload: CallbackPayload = { leadId: lead._id, label: slot.label, ...(session.thread ? { thread: session.thread } : {}) };
      await this.deps.outbox.enqueue(HANDOFF_CALLBACK_TOPIC, `${HANDOFF_CALLBACK_TOPIC}:${conversationKey(session)}:${turn.activityId}`, payload);
    }
    return { kind: 'resume', replies: [{ text: text.callbackNoted(slot.label) }] };
  }

  private async relayToRep(session: HandoffSession, turn: VisitorTurn): Promise<void> {
    if (!session.thread) return;
    const lead = await this.deps.leads.findByVisitorId(session.visitorId);
    const payload: ToRepPayload = { thread: session.thread, from: lead?.name ?? lead?.email ?? (session.locale === 'fr' ? 'Visiteur' : 'Visitor'), text: turn.text.slice(0, MAX_VISITOR_TEXT) };
    await this.deps.outbox.enqueue(HANDOFF_TO_REP_TOPIC, `${HANDOFF_TO_REP_TOPIC}:${conversationKey(session)}:${turn.activityId}`, payload);
  }

  /** A rep clicked Join on an alert whose thread becomes the conversation's. */
  async join(target: JoinTarget, rep: RepProfile, thread: RepThread): Promise<JoinOutcome> {
    const ref = await this.resolve(target);
    if (!ref) return { outcome: 'no-conversation' };
    const joinedAt = this.now().toISOString();
    let outcome = { outcome: 'no-conversation' } as JoinOutcome;
    await this.deps.sessions.update(ref, (current) => {
      if (!current) return null;
      if (current.mode === 'live' && current.rep) {
        outcome = current.rep.id === rep.id ? { outcome: 'already-in', session: current } : { outcome: 'taken', rep: current.rep };
        return null;
      }
      const next: HandoffSession = { ...current, mode: 'live', rep, thread, joinedAt, offered: [] };
      delete next.requestId;
      outcome = { outcome: 'joined', session: next };
      return next;
    });
    if (outcome.outcome !== 'joined') return outcome;
    const { session } = outcome;
    await this.deps.sessions.linkThread(thread, session);
    await this.recordOnLead(session, 'rep-joined', rep);
    await this.channelOf(session).say(session, { text: handoffText(session.locale).joined(rep.name), agent: rep }, `joined:${rep.id}:${joinedAt}`);
    return outcome;
  }

  /** The rep (or a colleague) hands the visitor back to the bot, which asks its pending question again. */
  async leave(target: JoinTarget | { thread: RepThread }, by: string): Promise<LeaveOutcome> {
    const ref = 'thread' in target ? await this.deps.sessions.byThread(target.thread) : await this.resolve(target);
    if (!ref) return { outcome: 'no-conversation' };
    let outcome = { outcome: 'no-conversation' } as LeaveOutcome;
    await this.deps.sessions.update(ref, (current) => {
      if (!current) return null;
      if (current.mode !== 'live' || !current.rep) {
        outcome = { outcome: 'not-live' };
        return null;
      }
      const next: HandoffSession = { ...current, mode: 'bot' };
      delete next.joinedAt;
      outcome = { outcome: 'left', session: next, rep: current.rep };
      return next;
    });
    if (outcome.outcome !== 'left') return outcome;
    const { session, rep } = outcome;
    await this.recordOnLead(session, 'rep-left', { ...rep, id: by });
    const channel = this.channelOf(session);
    await channel.say(session, { text: handoffText(session.locale).left(rep.name), agent: rep }, `left:${by}:${this.now().toISOString()}`);
    await channel.resumeBot(session);
    return outcome;
  }

  /** A message in a Slack thread: relayed to the visitor when it is the joined rep's, in a live hand-off. `messageId` dedupes retries. */
  async repSays(thread: RepThread, user: string, text: string, messageId: string): Promise<RepMessageOutcome> {
    const ref = await this.deps.sessions.byThread(thread);
    if (!ref) return 'not-a-handoff-thread';
    const session = await this.deps.sessions.get(ref);
    if (!session || session.mode !== 'live' || !session.rep) return 'not-live';
    if (session.rep.id !== user) return 'not-the-rep';
    const chars = Array.from(text);
    const bounded = chars.length > MAX_REP_TEXT ? `${chars.slice(0, MAX_REP_TEXT - 1).join('')}…` : text;
    await this.channelOf(session).say(session, { text: bounded, agent: session.rep }, `rep:${messageId}`);
    return 'delivered';
  }

  /** The session a join or leave names: a conversation directly, or a lead's latest conversation. */
  private async resolve(target: JoinTarget): Promise<ConversationRef | null> {
    if ('conversation' in target) return (await this.deps.sessions.get(target.conversation)) ? target.conversation : null;
    const lead = await this.deps.leads.get(target.leadId);
    if (!lead) return null;
    for (const visitorId of [...lead.visitorIds].reverse()) {
      const ref = await this.deps.sessions.latestOf(visitorId);
      if (ref && this.channels.has(ref.channel)) return ref;
    }
    return null;
  }

  private async recordOnLead(session: HandoffSession, event: 'rep-joined' | 'rep-left', rep: RepProfile): Promise<Lead | null> {
    const lead = await this.deps.leads.findByVisitorId(session.visitorId);
    if (!lead) return null;
    try {
      return await this.deps.leads.recordEvent(lead._id, event, rep.id, rep.name);
    } catch (err) {
      // The hand-off itself went through: a missing history line must not undo it.
      this.deps.logger.warn({ err, leadId: lead._id, event }, 'hand-off not recorded in the lead history');
      return null;
    }
  }

  private channelOf(session: HandoffSession): VisitorChannel {
    const channel = this.channels.get(session.channel);
    if (!channel) throw new PermanentError(`no visitor channel "${session.channel}" for hand-off`);
    return channel;
  }
}

function refOf(session: HandoffSession): ConversationRef {
  return { channel: session.channel, conversationId: session.conversationId };
}
