/**
 * Numbers said without their unit because the visitor is correcting or refining a delay they just gave:
 * "in 6 months, actually make that 3" → "in 6 months, actually make that 3 months" (choice.ts then keeps what follows
 * the correction); "dans quelques mois, disons 5", "in a few months, maybe 4" → "dans 5 mois", "in 4 months" (a
 * precise count replaces the vague one it refines). Text is folded and normalised (number words are digits).
 */
import { CORRECTION_MARKER } from '../text.js';
import { UNIT_ALTERNATION } from './vocabulary.js';

const VAGUE_COUNT = String.raw`a few|few|quelques|several|plusieurs|a couple of|a couple|couple of`;
/** Hedges that narrow a vague count down: "maybe 4", "disons 5", "probably 6", "environ 3". */
const REFINING = String.raw`\b(?:maybe|perhaps|probably|possibly|say|like|around|about|roughly|approximately|more like|peut-etre|peut etre|probablement|sans doute|environ|genre|plutot|disons)\b`;
const UNIT = String.raw`(?:${UNIT_ALTERNATION})\b`;
const OF = String.raw`(?:\s+(?:de|d'|of))?`;
/** A figure that ends the thought (or opens a range "4 ou 5"), not "3 personnes", "4/05" nor "3 %". */
const FIGURE_END = String.raw`(?!\d|[/.:,-]\d|\s*%)(?=\s*(?:$|[^\p{L}\p{N}\s]|(?:ou|or|to|a|et|and)\s*\d))`;

const REFINED_VAGUE = new RegExp(
  String.raw`\b(?:${VAGUE_COUNT})${OF}\s+(${UNIT})[,\s]\s*(?:(?:${REFINING}|${CORRECTION_MARKER.source})\s*[,:]?\s*)?(\d{1,2}(?:[.,]\d)?)(?:\s+(${UNIT}))?${FIGURE_END}`,
  'gu',
);
const CORRECTED_BARE = new RegExp(
  String.raw`\b(\d+(?:[.,]\d+)?${OF}\s+(${UNIT}))([^.;!?]{0,40}?${CORRECTION_MARKER.source}\s*[,:]?\s*)(\d{1,3}(?:[.,]\d+)?)${FIGURE_END}`,
  'gu',
);

export function restateCorrectedDelays(folded: string): string {
  return folded
    .replace(REFINED_VAGUE, (_m, unit: string, count: string, ownUnit: string | undefined) => `${count} ${ownUnit ?? unit}`)
    .replace(CORRECTED_BARE, (_m, delay: string, unit: string, between: string, count: string) => `${delay}${between}${count} ${unit}`);
}
