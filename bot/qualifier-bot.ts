/**
 * The turn logic, for every channel: run the dialog scripts, with the lead store behind them.
 * Each turn is transactional (see turn/transactional-turn.ts): state is versioned and replies
 * are released only once it is saved.
 */
import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import { replyActivity } from './turn/reply-activity.js';
import type { DialogHost } from '../dialogs/engine/host.js';
import type { HandoffService, TurnDecision } from './handoff/handoff-service.js';
import { HANDOFF_RESUME_EVENT } from './handoff/resume-event.js';
import type { LeadService, Visitor } from './lead/lead-service.js';
import { visitorIdOf, type Locale } from '../core/lead/model.js';
import { extractorFor, type ExtractorTable } from '../core/slots/extractor.js';
import { clearLocale, countryFromTag, resolveLocale } from './locale.js';
import type { VersionedConversationState } from './turn/conversation-state.js';
import type { ScriptConversation } from './turn/script-conversation.js';
import { runTransactionalTurn } from './turn/transactional-turn.js';
import type { TurnBot } from './turn/turn-bot.js';
import type { TranscriptRecorder } from './turn/transcript-recorder.js';

export interface QualifierBotDeps {
  state: VersionedConversationState;
  conversation: ScriptConversation;
  leads: LeadService;
  extractors: ExtractorTable;
  defaultLocale: Locale;
  defaultCountry: string;
  transcripts?: TranscriptRecorder;
  /** E-mail to leads is configured (SMTP): scripts see `features.mail` and may `send` templates. */
  mailEnabled?: boolean;
  /** Live hand-off to sales reps: decides, before the script, whether a rep answers this visitor. */
  handoff?: HandoffService;
  now?: () => Date;
}

const LOCALE_KEY = 'locale';

export class QualifierBot extends ActivityHandler implements TurnBot {
  constructor(private readonly deps: QualifierBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.converse(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === HANDOFF_RESUME_EVENT) await this.converse(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const recipient = context.activity.recipient?.id;
      // Greet the visitor once, when they (not the bot) join.
      // Members come from the network: a null or id-less entry is nobody.
      if (context.activity.membersAdded?.some((member) => typeof member?.id === 'string' && member.id !== recipient)) await this.converse(context);
      await next();
    });
  }

  /**
   * The reply to a turn that failed (its state was not saved, so the visitor's message had no
   * effect): a polite request to send it again, in the visitor's language, from the scripts.
   */
  turnFailedReply(activity: Pick<Activity, 'locale' | 'text'>): Partial<Activity> {
    const locale = resolveLocale(activity.locale, activity.text, this.deps.defaultLocale);
    return { type: 'message', text: this.deps.conversation.message('error.unavailable', locale), inputHint: 'acceptingInput' };
  }

  override async run(context: TurnContext): Promise<void> {
    const sent = await runTransactionalTurn(context, this.deps.state, () => super.run(context));
    await this.deps.transcripts?.record(context.activity, sent);
  }

  private async converse(context: TurnContext): Promise<void> {
    const locale = await this.localeOf(context);
    const country = countryFromTag(context.activity.locale) ?? this.deps.defaultCountry;
    const host = this.hostFor(this.visitorOf(context, locale), country);
    const decision = await this.handoffDecision(context, locale);
    if (decision.kind === 'bot') return this.deps.conversation.converse(context, host, locale);
    // The script keeps its position: a rep is talking, or the hand-off answered this message itself.
    if (decision.replies.length > 0) await context.sendActivities(decision.replies.map((reply) => replyActivity(reply)));
    if (decision.kind === 'resume') await this.deps.conversation.reprompt(context, host);
  }

  /** Who answers: the script, or the hand-off (a rep is in, a call-back offer, a request for a person); a rep's leaving resumes the script. */
  private async handoffDecision(context: TurnContext, locale: Locale): Promise<TurnDecision> {
    const { activity } = context;
    if (activity.type === 'event') return { kind: 'resume', replies: [] };
    const handoff = this.deps.handoff;
    if (!handoff || activity.type !== 'message' || typeof activity.text !== 'string' || !activity.conversation?.id) return { kind: 'bot' };
    const { visitorId } = this.visitorOf(context, locale);
    return handoff.beforeTurn({ channel: activity.channelId, conversationId: activity.conversation.id, visitorId, locale, text: activity.text, activityId: activity.id ?? '' });
  }

  /**
   * The conversation keeps the language it started in, unless the visitor clearly writes in the
   * other one (an English speaker on a French page): then the bot follows them.
   */
  private async localeOf(context: TurnContext): Promise<Locale> {
    const property = this.deps.state.createProperty<Locale | undefined>(LOCALE_KEY);
    const saved = await property.get(context);
    const { activity } = context;
    const locale = clearLocale(activity.text) ?? saved ?? resolveLocale(activity.locale, activity.text, this.deps.defaultLocale);
    await property.set(context, locale);
    return locale;
  }

  private visitorOf(context: TurnContext, locale: Locale): Visitor {
    const { channelId, from } = context.activity;
    return { visitorId: visitorIdOf(channelId, from.id), channel: channelId, locale };
  }

  /** `country`: assumed for national phone numbers (the channel's region, e.g. en-US, else the configured one). */
  private hostFor(visitor: Visitor, country: string): DialogHost {
    const { leads, extractors } = this.deps;
    return {
      extract: (slot, text, ctx) => extractorFor(extractors, slot)?.extract(text, ctx) ?? null,
      known: () => leads.known(visitor.visitorId),
      save: async (values, stage) => {
        await leads.save(visitor, values, stage);
      },
      score: (values) => leads.score(visitor.visitorId, values),
      send: async (template) => {
        if (this.deps.mailEnabled) await leads.sendMail(visitor.visitorId, template);
      },
      features: { mail: this.deps.mailEnabled === true },
      now: this.deps.now ?? (() => new Date()),
      defaultCountry: country,
      locale: visitor.locale,
    };
  }
}
