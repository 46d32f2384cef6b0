/**
 * Which time expression dates the project when an answer names several, or names one in passing:
 * "notre licence expire en décembre mais on voudrait changer d'ici octobre", "la boutique a ouvert en 2023 et on
 * voudrait passer au e-commerce courant 2027", "not this year, maybe next year".
 * - a past time ("ouvert en 2023", "the deadline was in January", "le mois dernier") is context; named alone, it says
 *   the project is overdue;
 * - a negated time ("pas cette année", "not in March") gives way to any other; alone, it means after it;
 * - after a correction, a wish or a consequence ("mais", "finalement", "repoussé à", "we'd like", "so"), or a
 *   self-correction ("enfin non", "pardon", "actually", "scratch that"), what follows is what the visitor wants;
 * - then an explicit date beats a named period, which beats a delay, and the first one said wins.
 * Text is folded and normalised.
 */
import { CORRECTION_MARKER } from '../text.js';
import { startOfDay } from './calendar.js';
import type { Found } from './readings.js';

export type Choice = { found: Found; negated: boolean } | 'overdue' | undefined;

const FOCUS_WORDS = /\b(?:but|however|instead|finally|so|rather(?! than\b)|ideally|mais|finalement|plutot(?! que\b)|donc|du coup|alors|idealement|(?:pushed|moved|postponed|delayed|slipped|shifted)(?: back)? to|repousse|reporte|decale|we'?d like|we would like|we want|we need|we plan|we hope|aiming|on voudrait|nous voudrions|je voudrais|on aimerait|nous aimerions|j'aimerais|on souhaite|nous souhaitons|on compte|nous comptons|on prevoit|il faudrait|il faut)\b/;
const FOCUS = new RegExp(`${FOCUS_WORDS.source}|${CORRECTION_MARKER.source}`, 'g');
/** A past tense in the clause just before a date: "the deadline was in January", "on a eu un souci en janvier". */
const PAST_TENSE = /\b(?:was|were|had|devait|devaient|devions|etait|etaient|avait|avaient|avions|a eu|avons eu|ont eu|a ouvert|a ete|ont ete)\b/;
/** Where a clause starts: punctuation or a conjunction. */
const CLAUSE_START = /.*(?:[,;.!?]|\b(?:and|et|but|mais|so|donc|then|puis)\b)/;
const NEGATED = /(?:\bnot|\bpas|\bno|\bjamais|\bnever)\s+(?:(?:in|en|during|au|the|this|that|for|pour)\s+)?$/;

export function chooseReading(folded: string, found: Found[], now: Date): Choice {
  if (found.length === 0) return undefined;
  const clauseBefore = (f: Found) => folded.slice(Math.max(0, f.index - 60), f.index).replace(CLAUSE_START, '');
  const today = startOfDay(now);
  const isPast = (f: Found) => (f.reading.kind === 'months' ? f.reading.months < 0 : f.reading.span.end < today)
    || PAST_TENSE.test(clauseBefore(f));
  const isNegated = (f: Found) => NEGATED.test(clauseBefore(f));

  const current = found.filter((f) => !isPast(f));
  if (current.length === 0) return 'overdue';
  const affirmed = current.filter((f) => !isNegated(f));
  if (affirmed.length === 0) return { found: current[0]!, negated: true };
  const focus = lastFocusBefore(folded, Math.max(...affirmed.map((f) => f.index)));
  const focused = affirmed.filter((f) => f.index > focus);
  return { found: focused[0]!, negated: false };
}

/** Where the last focus word before `limit` ends (-1 when there is none). */
function lastFocusBefore(folded: string, limit: number): number {
  let end = -1;
  for (const m of folded.matchAll(FOCUS)) if (m.index < limit) end = m.index;
  return end;
}
