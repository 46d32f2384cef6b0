/**
 * Which slot a Slack message asks for. Slack messages carry only text and buttons (no
 * channelData), so the slot is recognised from the wording the dialog scripts give each question,
 * its re-asks and its choice fallback, rendered the way Slack receives it (mrkdwn-escaped,
 * `{placeholders}` filled in). The scripts are the designer's real files, loaded by the real loader.
 */
import { loadScriptDir } from '../../dialogs/engine/loader.js';
import type { LocalizedText, Question } from '../../dialogs/engine/model.js';

interface Pattern {
  regex: RegExp;
  slots: Set<string>;
}

export interface PromptReading {
  /** Slots this message may be asking for (a shared re-ask wording fits several). */
  slots?: Set<string>;
  /** The message ends the conversation (closing, consent declined, gave up). */
  ends: boolean;
}

const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `Enchanté, {name} !` → /^Enchanté, [\s\S]*? !$/ on the Slack-escaped text. */
function templateRegex(template: string): RegExp {
  const parts = escapeMrkdwn(template).split(/\{[A-Za-z_][A-Za-z0-9_.]*\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?')}$`);
}

function textsOf(text: LocalizedText | undefined): string[] {
  return Object.values(text ?? {}).filter((t): t is string => typeof t === 'string' && t.length > 0);
}

function questionTexts(question: Question): string[] {
  return [question.message, question.help, question.fallback?.message, ...Object.values(question.reask)].flatMap(textsOf);
}

export class ScriptPrompts {
  private constructor(
    private readonly questions: Pattern[],
    private readonly endings: RegExp[],
  ) {}

  static async load(dir: string): Promise<ScriptPrompts> {
    const scripts = await loadScriptDir(dir);
    const bySource = new Map<string, Set<string>>();
    const endings: RegExp[] = [];
    const add = (question: Question): void => {
      for (const text of questionTexts(question)) bySource.set(text, (bySource.get(text) ?? new Set()).add(question.slot));
    };
    for (const flow of scripts.flows.values()) {
      for (const instruction of flow.code) {
        if (instruction.op === 'ask') add(instruction.question);
        else if (instruction.op === 'profile') instruction.questions.forEach(add);
        else if (instruction.op === 'end') endings.push(...textsOf(instruction.text).map(templateRegex));
      }
    }
    for (const messages of scripts.messages.values()) endings.push(...textsOf(messages['ask.failed_end']).map(templateRegex));
    const questions = [...bySource].map(([text, slots]) => ({ regex: templateRegex(text), slots }));
    return new ScriptPrompts(questions, endings);
  }

  read(slackText: string): PromptReading {
    const text = slackText.trim();
    const slots = new Set(this.questions.filter((q) => q.regex.test(text)).flatMap((q) => [...q.slots]));
    return { ...(slots.size > 0 ? { slots } : {}), ends: this.endings.some((regex) => regex.test(text)) };
  }
}
