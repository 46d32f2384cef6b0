/**
 * `sector`: the visitor's industry, folded into a short fixed list sales segments on, read with the
 * phrase table data/nlu/sector.phrases.yaml.
 */
import type { Locale } from '../../../core/lead/model.js';
import { phraseTableExtractor } from '../phrases/table-extractor.js';
import { crossCheck } from '../phrases/cross-check.js';

export const SECTORS = ['software', 'retail', 'industry', 'finance', 'health', 'public', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * "IT" in capitals is information technology; folded to "it" it would be the English pronoun, which the table reads
 * weakly: the answer gets the word in the visitor's language as an extra clause (phrases such as "IT consulting" still
 * match; a word of the other language would count less). Not for a department of the company ("the IT department",
 * "l'équipe IT"): that says the visitor's job, not the company's sector. "AI" (or "IA") in capitals is artificial
 * intelligence the same way; lowercase "ai" is left out of the table, it is the French "j'ai".
 */
const SPELT_OUT: Record<Locale, { it: string; ai: string }> = {
  fr: { it: 'informatique', ai: 'intelligence artificielle' },
  en: { it: 'information technology', ai: 'artificial intelligence' },
};
const IT_IN_CAPITALS = /(?:^|[^\p{L}])IT(?![\p{L}])(?!\s+(?:department|dept|team|staff|desk)\b)/u;
const AI_IN_CAPITALS = /(?:^|[^\p{L}'’])(?:AI|IA)(?![\p{L}])/u;
/**
 * A sector named as a question and denied right away is the one the company is not ("Real estate developer? no, just an
 * agency", "fintech ? non non, on est l'éditeur du logiciel"): the question and its "no" are dropped before reading.
 */
const DENIED_GUESS = /[^.!?\n(]*\?\s*(?:non|no|nope|nah|pas du tout|not really|not at all)(?![\p{L}])(?:[\s,!.]*(?:non|no)(?![\p{L}]))*/giu;
/**
 * Chat French drops the apostrophe of an elided article ("cabinet davocat", "dans lhôtellerie", "une boîte dinformatique"):
 * a "d"/"l" glued to a sector word that starts with a vowel or "h" gets it back. Only before these words, so that
 * ordinary words ("directeur", "location") stay as they are.
 */
const GLUED_ELISION = /(^|[^\p{L}])([dDlL])((?:avocat|expert|informati|h[oô]pita|h[oô]tel|assur|industri|immobili|agence|audit|ing[eé]ni|int[eé]rim|[eé]ducation|enseignement|[eé]nergie|[eé]cole|universit|administration|[eé]tat|association|agro|architect|a[eé]ronauti|automobile|imprimerie|e-?commerce|[eé]lectri|emballage|entrep[oô]t|[eé]levage|[eé]dit|h[eé]bergement|artisan|alimentaire)\p{L}*)/gu;
function spellOut(raw: string, locale: Locale): string {
  const denied = raw.replace(DENIED_GUESS, ' ');
  const text = locale === 'fr' ? denied.replace(GLUED_ELISION, "$1$2'$3") : denied;
  const extra = [IT_IN_CAPITALS.test(text) && !/(?:équipe|service|département|direction)\s+IT\b/u.test(text) ? SPELT_OUT[locale].it : '',
    AI_IN_CAPITALS.test(text) ? SPELT_OUT[locale].ai : ''].filter((w) => w !== '');
  return extra.length > 0 ? `${text}\n${extra.join('\n')}` : text;
}

/**
 * Words that name whom the company serves, not what it is ("un ERP pour les artisans", "consultants for banks", "agence web,
 * nos clients sont des commerçants", "software vendor whose customers are banks").
 */
const CLIENT_WORDS = ['pour', 'aux', 'aupres', 'destination', 'for', 'to', 'serving', 'client', 'clients', 'clientele', 'customer', 'customers'];

export const sectorExtractor = phraseTableExtractor<Sector>('sector', SECTORS, {
  prepare: spellOut,
  matcher: { clientWords: CLIENT_WORDS },
  // A second reader reviews the table's reading (bot/nlu/README.md, "Cross-check").
  review: crossCheck('sector', SECTORS),
});
