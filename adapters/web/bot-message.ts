/**
 * Turns an outgoing Bot Framework activity into what the widget renders: text, the prompt
 * (`channelData.prompt`, docs/architecture.md) and quick replies (suggested actions, else prompt choices).
 */
import type { Activity } from 'botbuilder';
import type { BotDraft } from './conversation-log.js';
import type { Prompt, PromptKind, QuickReply } from './protocol.js';

const KINDS: readonly PromptKind[] = ['text', 'email', 'phone', 'choice', 'confirm', 'number', 'date'];

/** Null when the activity has nothing to show (no text, no choices). */
export function toBotDraft(activity: Partial<Activity>): BotDraft | null {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const prompt = readPrompt(activity);
  const quickReplies = readSuggestedActions(activity) ?? prompt?.choices?.map((choice) => ({ title: choice, value: choice }));
  if (text.trim() === '' && !quickReplies?.length) return null;
  const scriptVersion = (activity.channelData as { scriptVersion?: unknown } | undefined)?.scriptVersion;
  return { text, ...(prompt ? { prompt } : {}), ...(quickReplies?.length ? { quickReplies } : {}), ...(typeof scriptVersion === 'string' ? { scriptVersion } : {}) };
}

function readPrompt(activity: Partial<Activity>): Prompt | undefined {
  const raw = (activity.channelData as { prompt?: unknown } | undefined)?.prompt as Partial<Prompt> | undefined;
  if (!raw || typeof raw.slot !== 'string' || !KINDS.includes(raw.kind as PromptKind)) return undefined;
  const choices = Array.isArray(raw.choices) ? raw.choices.filter((c): c is string => typeof c === 'string') : undefined;
  return { slot: raw.slot, kind: raw.kind as PromptKind, ...(choices?.length ? { choices } : {}) };
}

function readSuggestedActions(activity: Partial<Activity>): QuickReply[] | undefined {
  const actions = activity.suggestedActions?.actions;
  if (!actions?.length) return undefined;
  return actions
    .map((action) => {
      const value = typeof action.value === 'string' ? action.value : action.title;
      return { title: action.title ?? value, value };
    })
    .filter((reply): reply is QuickReply => typeof reply.value === 'string' && typeof reply.title === 'string' && reply.value !== '');
}
