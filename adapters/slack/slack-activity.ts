/**
 * Mapping between Slack and Bot Framework activities, both ways. Pure functions: the conversation
 * module does the I/O.
 */
import type { Activity, CardAction } from 'botbuilder';
import { button, isBlock, mrkdwnSection, safeText, truncate, type Block } from './blocks.js';

export const CHOICE_ACTION_PREFIX = 'leadq_choice:';
/** Message metadata `event_type` of a bot question: its payload is channelData.prompt. */
export const PROMPT_METADATA_EVENT = 'leadq_prompt';
const MAX_BUTTONS = 25;

/** Where a Slack conversation lives: a DM/channel, and the thread for mentions in channels. */
export interface SlackPlace {
  channel: string;
  threadTs?: string;
}

/** `C123` or `C123:1712345678.000100`: Slack ids never contain ':'. */
export function conversationIdOf(place: SlackPlace): string {
  return place.threadTs ? `${place.channel}:${place.threadTs}` : place.channel;
}

export function placeOf(conversationId: string): SlackPlace {
  const [channel = '', threadTs] = conversationId.split(':');
  return threadTs ? { channel, threadTs } : { channel };
}

/** What the visitor's Slack profile tells, for the bot to pre-fill and confirm (never trusted silently). */
export interface SlackProfile {
  email?: string;
  name?: string;
  locale?: string;
}

export interface InboundMessage extends SlackPlace {
  team: string;
  user: string;
  text: string;
  isDirect: boolean;
  botUserId?: string;
  profile?: SlackProfile;
}

/**
 * The activity the bot sees. `channelData.profile` = `{ email?, name?, source: 'slack' }` when the
 * Slack profile is readable (users:read.email); the bot offers it and asks the visitor to confirm.
 */
export function toActivity(message: InboundMessage): Partial<Activity> {
  const profile = message.profile && (message.profile.email || message.profile.name) ? { ...message.profile, source: 'slack' } : undefined;
  return {
    type: 'message',
    channelId: 'slack',
    serviceUrl: 'https://slack.com/',
    text: message.text,
    ...(message.profile?.locale ? { locale: message.profile.locale } : {}),
    from: { id: `${message.team}:${message.user}`, name: message.profile?.name ?? message.user, role: 'user' },
    recipient: { id: message.botUserId ?? 'leadq', name: 'leadq', role: 'bot' },
    conversation: { id: conversationIdOf(message), isGroup: !message.isDirect, conversationType: message.isDirect ? 'personal' : 'channel', name: '' },
    channelData: {
      slack: { team: message.team, user: message.user, channel: message.channel, ...(message.threadTs ? { threadTs: message.threadTs } : {}) },
      ...(profile ? { profile: { email: profile.email, name: profile.name, source: 'slack' } } : {}),
    },
  };
}

/** Remove the leading `<@BOT>` of an app mention. */
export function stripMention(text: string, botUserId?: string): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, '').trim();
}

export interface SlackChoice {
  title: string;
  value: string;
}

/** Choices offered by a bot message: suggestedActions first, else channelData.prompt.choices. */
export function choicesOf(activity: Partial<Activity>): SlackChoice[] {
  const suggested = activity.suggestedActions?.actions ?? [];
  if (suggested.length > 0) return suggested.map((a: CardAction) => ({ title: String(a.title ?? a.value), value: String(a.value ?? a.title) }));
  const prompt = (activity.channelData as { prompt?: { choices?: unknown } } | undefined)?.prompt;
  if (!Array.isArray(prompt?.choices)) return [];
  return prompt.choices.flatMap((c: unknown): SlackChoice[] => {
    if (typeof c === 'string') return [{ title: c, value: c }];
    if (c && typeof c === 'object' && 'value' in c) {
      const { value, title, label } = c as { value: unknown; title?: unknown; label?: unknown };
      return [{ title: String(title ?? label ?? value), value: String(value) }];
    }
    return [];
  });
}

/** What the bot asks, as Slack message metadata: `{slot, kind, choices?: [{value, label}]}`. */
export interface PromptMetadata {
  event_type: typeof PROMPT_METADATA_EVENT;
  event_payload: { slot: string; kind: string; choices?: { value: string; label: string }[] };
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
  metadata?: PromptMetadata;
}

/**
 * channelData.prompt (the prompt contract, docs/architecture.md) carried into the message's metadata, so Slack clients
 * and tests answer by slot as Bot Framework clients do. Only the contract's fields, as strings.
 */
export function promptMetadataOf(activity: Partial<Activity>): PromptMetadata | undefined {
  if (activity.inputHint !== 'expectingInput') return undefined;
  const prompt = (activity.channelData as { prompt?: Record<string, unknown> } | undefined)?.prompt;
  if (!prompt || typeof prompt.slot !== 'string' || typeof prompt.kind !== 'string') return undefined;
  const choices = (Array.isArray(prompt.choices) ? prompt.choices : []).flatMap(promptChoice).slice(0, MAX_BUTTONS);
  return {
    event_type: PROMPT_METADATA_EVENT,
    event_payload: { slot: truncate(prompt.slot, 100), kind: truncate(prompt.kind, 100), ...(choices.length > 0 ? { choices } : {}) },
  };
}

/** A choice as `{value, label}` strings (a bare string is both); anything else is dropped. */
function promptChoice(choice: unknown): { value: string; label: string }[] {
  if (typeof choice === 'string') return [{ value: truncate(choice, 200), label: truncate(choice, 200) }];
  if (typeof choice !== 'object' || choice === null) return [];
  const { value, label } = choice as { value?: unknown; label?: unknown };
  if (typeof value !== 'string') return [];
  return [{ value: truncate(value, 200), label: truncate(typeof label === 'string' ? label : value, 200) }];
}

/** chat.postMessage arguments for a bot message; choices become buttons, the prompt metadata. */
export function toSlackMessage(activity: Partial<Activity>): SlackMessage | null {
  if (activity.type && activity.type !== 'message') return null;
  const text = activity.text ?? '';
  const choices = choicesOf(activity).slice(0, MAX_BUTTONS);
  if (!text && choices.length === 0) return null;
  const blocks: (Block | null)[] = [
    text ? mrkdwnSection(safeText(text, 3000)) : null,
    choices.length > 0
      ? { type: 'actions', elements: choices.map((c, i) => button(c.title, `${CHOICE_ACTION_PREFIX}${i}`, c.value)) }
      : null,
  ];
  const metadata = promptMetadataOf(activity);
  return { text: safeText(text || choices.map((c) => c.title).join(' / '), 3000), blocks: blocks.filter(isBlock), ...(metadata ? { metadata } : {}) };
}

/** The fields of a Slack `message` event this channel looks at. */
export interface MessageEventFields {
  subtype?: string;
  channel_type?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

/**
 * Which `message` events reach the bot: what a person typed in a DM, or a reply in a channel
 * thread (a candidate follow-up; the caller checks the bot converses there). Mentions are left to
 * `app_mention`, so a reply that mentions the bot is not processed twice; edits, joins and bot
 * posts (subtypes, bot_id) and top-level channel chatter are ignored.
 */
export function messageKind(event: MessageEventFields, botUserId?: string): 'direct' | 'thread-reply' | null {
  if (event.bot_id || !event.user) return null;
  if (event.channel_type === 'im') return event.subtype === undefined ? 'direct' : null;
  if (event.subtype !== undefined && event.subtype !== 'thread_broadcast') return null;
  if (!event.thread_ts || event.thread_ts === event.ts) return null;
  if (!['channel', 'group', 'mpim'].includes(event.channel_type ?? '')) return null;
  // Without the bot's id a mention cannot be told apart: leave the message to app_mention.
  if (!botUserId || (event.text ?? '').includes(`<@${botUserId}`)) return null;
  return 'thread-reply';
}
