/**
 * Every slot extractor by slot name, and `extract()` — the one entry point dialogs, `leadq nlu` and the
 * benchmarks call. Contact/timeline/budget live here (part A); qualification slots come from
 * ./qualification (part B).
 */
import { budgetExtractor } from './budget/budget.js';
import { companyExtractor } from './contact/company.js';
import { emailExtractor } from './contact/email.js';
import { nameExtractor } from './contact/person-name.js';
import { phoneExtractor } from './contact/phone.js';
import { qualificationExtractors } from './qualification/index.js';
import { timelineExtractor } from './timeline/timeline.js';
import { extractorFor, type ExtractContext, type ExtractResult, type Extractor } from '../../core/slots/extractor.js';
import type { SlotName } from '../../core/slots/slots.js';

export const extractors: Readonly<Record<string, Extractor>> = Object.freeze({
  email: emailExtractor,
  phone: phoneExtractor,
  name: nameExtractor,
  company: companyExtractor,
  timeline: timelineExtractor,
  budget: budgetExtractor,
  ...qualificationExtractors,
} satisfies { [S in SlotName]?: Extractor });

export function isKnownSlot(slot: string): boolean {
  return extractorFor(extractors, slot) !== undefined;
}

/** Runs the slot's extractor; an unknown slot is `{ok:false, reason:'unknown_slot'}` (never a prototype lookup). */
export function extract(slot: string, text: string, ctx: ExtractContext): ExtractResult<unknown> {
  const extractor = extractorFor(extractors, slot);
  if (!extractor) return { ok: false, reason: 'unknown_slot' };
  try {
    return extractor.extract(text, ctx);
  } catch {
    return { ok: false, reason: 'internal_error' };
  }
}
