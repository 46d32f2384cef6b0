/**
 * Plays one persona against /api/messages, answering each prompt by its slot the way a person
 * would (see personas.ts), and records what happened: every question, every re-ask, every
 * question asked again after the bot had moved on.
 */
import { BotFrameworkClient, type Prompt } from '../support/bf-client.js';
import type { Persona } from './personas.js';

export type AnswerSource = 'answer' | 'fallback' | 'skip' | 'interjection' | 'suggestion' | 'choice';

export interface Exchange {
  slot: string;
  kind: string;
  /** What the bot said with this prompt (all replies of the turn). */
  botText: string;
  said: string;
  source: AnswerSource;
  /** The same slot asked again right after an answer (not after "help" or a suggestion). */
  reask: boolean;
}

export interface ConversationRun {
  persona: Persona;
  userId: string;
  exchanges: Exchange[];
  /** Slots asked again after the bot had moved on to another question (restart excepted). */
  askedAgain: string[];
  /** True when the bot stopped asking (closing, decline, stop) within the turn budget. */
  ended: boolean;
  closingText: string;
}

const SKIP: Record<Persona['speaks'], string> = { fr: 'passer', en: 'skip' };
const YES: Record<Persona['speaks'], string> = { fr: 'oui', en: 'yes' };
const RESTART = /^(recommencer|restart|start over)$/i;
/** Enough for the longest flow twice (restart) with re-asks. */
const MAX_TURNS = 60;

export async function runPersona(baseUrl: string, persona: Persona): Promise<ConversationRun> {
  const client = new BotFrameworkClient(baseUrl, persona.locale ? { locale: persona.locale } : {});
  await client.say(persona.opening);
  const run: ConversationRun = { persona, userId: client.userId, exchanges: [], askedAgain: [], ended: false, closingText: '' };
  const answered = new Map<string, number>();
  const movedOn = new Set<string>();
  const interjected = new Set<string>();
  let previous: { slot: string; kind: string; source: AnswerSource } | undefined;

  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const prompt = client.prompt;
    if (!prompt) {
      run.ended = true;
      run.closingText = client.lastText;
      return run;
    }
    if (previous && previous.slot !== prompt.slot) movedOn.add(previous.slot);
    if (movedOn.has(prompt.slot)) run.askedAgain.push(prompt.slot);

    const interjection = persona.interjections?.find((i) => i.atSlot === prompt.slot && !interjected.has(i.atSlot));
    const reply = interjection
      ? { said: interjection.text, source: 'interjection' as const }
      : chooseAnswer(persona, prompt, answered.get(prompt.slot) ?? 0);
    if (interjection) interjected.add(interjection.atSlot);
    else if (reply.source !== 'suggestion') answered.set(prompt.slot, (answered.get(prompt.slot) ?? 0) + 1);

    const reask = previous?.slot === prompt.slot && previous.source !== 'interjection' && previous.source !== 'suggestion' && !isSuggestion(prompt) && !isFallbackChoice(prompt, previous.kind);
    run.exchanges.push({ slot: prompt.slot, kind: prompt.kind, botText: client.lastText, said: reply.said, source: reply.source, reask });
    await client.say(reply.said);

    if (RESTART.test(reply.said)) {
      // A restart legitimately asks everything again.
      movedOn.clear();
      answered.clear();
      previous = undefined;
    } else {
      previous = { slot: prompt.slot, kind: prompt.kind, source: reply.source };
    }
  }
  run.closingText = client.lastText;
  return run;
}

/** A yes/no question about a slot that is not itself yes/no: "Did you mean …@gmail.com?". */
function isSuggestion(prompt: Prompt): boolean {
  return prompt.kind === 'confirm' && prompt.slot !== 'consent';
}

/** A choice list right after a free-text question on the same slot: the bot's "which of these?" clarification. */
function isFallbackChoice(prompt: Prompt, previousKind: string): boolean {
  return prompt.kind === 'choice' && previousKind !== 'choice';
}

function chooseAnswer(persona: Persona, prompt: Prompt, timesAnswered: number): { said: string; source: AnswerSource } {
  if (isSuggestion(prompt)) return { said: persona.acceptSuggestion ?? YES[persona.speaks], source: 'suggestion' };
  const answer = persona.answers[prompt.slot];
  if (timesAnswered === 0 && answer !== undefined) return { said: answer, source: 'answer' };
  if (timesAnswered <= 1) {
    const fallback = persona.fallbacks?.[prompt.slot];
    if (fallback !== undefined) return { said: fallback, source: 'fallback' };
    const picked = pickExpectedChoice(persona, prompt);
    if (picked) return { said: picked, source: 'choice' };
  }
  return { said: SKIP[persona.speaks], source: 'skip' };
}

/** When the bot offers choices after a free-text answer, a person clicks the one that fits. */
function pickExpectedChoice(persona: Persona, prompt: Prompt): string | undefined {
  const expected = persona.expected.fields?.[prompt.slot as keyof NonNullable<Persona['expected']['fields']>];
  const wanted = typeof expected === 'string' ? [expected] : typeof expected === 'object' && expected && 'anyOf' in expected ? expected.anyOf : [];
  return prompt.choices?.find((choice) => wanted.includes(choice.value))?.label;
}
