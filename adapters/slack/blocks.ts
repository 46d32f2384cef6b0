/** Small Block Kit helpers: Slack's mrkdwn escaping and its length limits, applied everywhere. */
import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** Slack mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut at a code point boundary so an emoji is never split. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escaped and within Slack's limit for the place it goes. */
export function safeText(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

export function mrkdwnSection(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

/** Field values must already be escaped; label is ours. */
export function fieldsSection(fields: readonly [label: string, value: string][]): Block | null {
  const shown = fields.filter(([, value]) => value.length > 0).slice(0, 10);
  if (shown.length === 0) return null;
  return { type: 'section', fields: shown.map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, 2000) })) };
}

/** Longest button value Slack accepts. */
const MAX_BUTTON_VALUE = 2000;

/** The JSON object a button's value carries, or null when the value is not one (it comes back from Slack: untrusted). */
export function buttonValueObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string' || value.length > MAX_BUTTON_VALUE) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, 75), emoji: true },
    action_id: actionId,
    value: truncate(value, MAX_BUTTON_VALUE),
    ...(style ? { style } : {}),
  };
}

export function isBlock(block: Block | null): block is Block {
  return block !== null;
}
