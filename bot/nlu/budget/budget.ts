/**
 * `budget` → `{ amount, currency, max?, period? }` (type Budget).
 * - "50k€" → 50000 EUR; "1,5 M€" → 1500000; "$5,000/month" → 5000 USD, period month;
 * - ranges "entre 10 et 20 000 euros", "10-15k", "between $5k and $10k" → amount = low end, max = high end
 *   (a bare low end borrows the high end's scale: "entre 10 et 20k" is 10000–20000);
 * - "jusqu'à 50k", "au moins 10 000 €", "environ 3 000 €" → amount is the figure given;
 * - period only when said: month ("/mois", "per month"), year ("par an", "annual"), once ("one-off", "forfait");
 * - currency as written (€, $, £, CHF, CAD, AUD and their words); when none is written: from `ctx.defaultCountry`
 *   (GB → GBP, US → USD, CH → CHF, CA → CAD), else EUR (the product is French-first and prices in euros),
 *   with a lower confidence.
 * Reasons: `no_budget` for "pas de budget défini", "à définir", "je ne sais pas", "sur devis", "0 €";
 * `not_understood` when no amount is found; empty / too_long.
 * A self-correction ("20k, enfin non, disons 25 000 €", "$10k, actually make that 12") keeps what follows it, a bare
 * number there taking the scale of the amount it corrects; "voire" / "or even" widen into a range ("20k voire 30k").
 */
import type { Budget } from '../../../core/lead/model.js';
import { fold, guardedExtractor, hasPhrase, lastCorrectionEnd, numberWordsToDigits } from '../text.js';
import { currencyInText, findAmounts, type AmountToken } from './amounts.js';

const NO_BUDGET = ['pas de budget', 'aucun budget', 'pas encore de budget', 'pas vraiment de budget', 'sans budget', 'budget non defini',
  'non defini', 'pas defini', 'pas encore defini', 'a definir', 'a determiner', 'pas fixe', 'pas encore fixe', 'pas arrete',
  'je ne sais pas', 'je sais pas', 'sais pas', 'aucune idee', 'pas d idee', "pas d'idee", 'ca depend', 'cela depend', 'depend',
  'selon devis', 'sur devis', 'en fonction du devis', 'selon le devis', 'on verra', 'a voir', 'aucun', 'confidentiel',
  'no budget', 'not defined', 'undefined', 'tbd', 'to be defined', 'to be determined', 'not set', 'not decided', 'undecided',
  'no idea', "don't know", 'dont know', 'do not know', 'dunno', 'not sure', 'depends', 'it depends', 'depending on', 'we will see',
  "we'll see", 'no clue', 'confidential', 'rather not say', 'prefer not to say', 'none', 'no set budget', 'not yet'];
const MONTHLY = ['par mois', '/mois', 'mensuel', 'mensuels', 'mensuelle', 'mensuellement', 'chaque mois', 'tous les mois', 'per month',
  'a month', '/month', 'monthly', '/mo', 'p/m', 'pcm', 'each month', 'every month', 'by the month', '/m'];
const YEARLY = ['par an', '/an', 'par annee', 'annual', 'annuel', 'annuels', 'annuelle', 'annuellement', 'chaque annee', 'per year', 'a year',
  '/year', '/yr', 'yearly', 'annually', 'per annum', 'p.a', 'each year', 'every year', 'per anum'];
const ONCE = ['une fois', 'one-off', 'one off', 'one-time', 'one time', 'ponctuel', 'forfait', 'au total', 'in total', 'total', 'one shot'];
/** Numbers that are not money: durations, headcounts, percentages. */
const NOT_MONEY_AFTER = /^\s*(?:%|pour ?cent|percent|mois|months?|ans?\b|annees?|years?|jours?|days?|semaines?|weeks?|h\b|heures?|hours?|personnes?|salaries?|employes?|people|employees|users?|utilisateurs?|licences?|licenses?|seats?|postes?|sites?|pages?|x\b)/;
const YEAR_CONTEXT = /(?:en|in|pour|for|d'ici|by|avant|before|apres|after|depuis|since|fin|debut|courant|annee|year)\s*$/;
const MIN_BARE_AMOUNT = 100;
const DEFAULT_CURRENCY: Record<string, string> = { GB: 'GBP', US: 'USD', CH: 'CHF', CA: 'CAD', AU: 'AUD' };
const RANGE_LINK = /^\s*,?\s*(?:-|–|—|a|à|et|and|to|ou|or|\/|voire(?: meme)?|ou meme|(?:or |maybe |possibly )?even|(?:or |maybe |possibly )?up to)\s*$/;

export const budgetExtractor = guardedExtractor<Budget>('budget', (text, ctx) => {
  const folded = numberWordsToDigits(fold(text));
  const { amounts, said } = afterCorrection(findAmounts(folded).filter((a) => isMoney(a, folded)), folded);
  if (amounts.length === 0) {
    return { ok: false, reason: hasPhrase(folded, NO_BUDGET) ? 'no_budget' : 'not_understood' };
  }
  const [low, high] = pickAmounts(amounts, folded);
  // "0 €", "zero dollars": saying the budget is nothing is saying there is none.
  if (!high && low.value === 0) return { ok: false, reason: 'no_budget' };
  // A lone small bare number ("1", "{"a": 1}") is not a budget anyone states without a unit.
  if (!high && !low.currency && !low.scaled && low.value < MIN_BARE_AMOUNT) return { ok: false, reason: 'not_understood' };
  const written = low.currency ?? high?.currency ?? currencyInText(folded);
  const currency = written ?? DEFAULT_CURRENCY[ctx.defaultCountry ?? ''] ?? 'EUR';
  const budget: Budget = { amount: round(low.value), currency };
  if (high) {
    const scaled = scaleLowEnd(low, high);
    budget.amount = round(scaled);
    budget.max = round(high.value);
  }
  const period = periodOf(said) ?? periodOf(folded);
  if (period) budget.period = period;
  return { ok: true, value: budget, confidence: written ? 0.95 : 0.7 };
});

/**
 * The amounts the visitor stands by, and the text they were said in: after their last self-correction when it names
 * one, where a bare figure ("20k, no wait, 25") is read at the scale of the amount it replaces.
 */
function afterCorrection(amounts: AmountToken[], folded: string): { amounts: AmountToken[]; said: string } {
  const cut = lastCorrectionEnd(folded);
  const corrected = amounts.filter((a) => a.end <= cut).at(-1);
  const later = amounts.filter((a) => a.start >= cut);
  // "10k, en fait pas de budget": the amount is taken back.
  if (cut >= 0 && corrected && later.length === 0 && hasPhrase(folded.slice(cut), NO_BUDGET)) return { amounts: [], said: folded };
  if (cut < 0 || !corrected || later.length === 0) return { amounts, said: folded };
  return { amounts: later.map((a) => withScaleOf(a, corrected)), said: folded.slice(cut) };
}

function withScaleOf(token: AmountToken, corrected: AmountToken): AmountToken {
  const currency = token.currency ?? corrected.currency;
  if (token.scaled || token.value >= corrected.value / 100) return { ...token, currency };
  const scale = [1e9, 1e6, 1e3].find((s) => corrected.value >= s);
  return scale ? { ...token, value: token.value * scale, scaled: true, currency } : { ...token, currency };
}

function isMoney(token: AmountToken, folded: string): boolean {
  if (token.currency || token.scaled) return true;
  if (NOT_MONEY_AFTER.test(folded.slice(token.end, token.end + 15))) return false;
  // A bare year ("pour 2027", "d'ici 2028") is a date, not a budget.
  const isYearValue = token.value >= 1990 && token.value <= 2100 && Number.isInteger(token.value);
  return !(isYearValue && YEAR_CONTEXT.test(folded.slice(Math.max(0, token.start - 12), token.start)));
}

/** The budget figure, plus the upper bound when two figures form a range ("10 à 20k", "between 5k and 10k"). */
function pickAmounts(amounts: AmountToken[], folded: string): [AmountToken, AmountToken?] {
  for (let i = 0; i + 1 < amounts.length; i++) {
    const low = amounts[i]!;
    const high = amounts[i + 1]!;
    if (RANGE_LINK.test(folded.slice(low.end, high.start)) && scaleLowEnd(low, high) < high.value) return [low, high];
  }
  const preferred = amounts.find((a) => a.currency || a.scaled) ?? amounts[0]!;
  return [preferred];
}

/** "entre 10 et 20 000" / "10-20k": a bare low end takes the high end's scale when that keeps it below the high end. */
function scaleLowEnd(low: AmountToken, high: AmountToken): number {
  if (low.scaled || low.value >= high.value / 100) return low.value;
  for (const scale of [1e9, 1e6, 1e3]) {
    if (high.value >= scale && low.value * scale <= high.value) return low.value * scale;
  }
  return low.value;
}

function periodOf(text: string): Budget['period'] {
  const folded = text.replace(/\s*\/\s*/g, '/');
  if (hasPhrase(folded, MONTHLY) || MONTHLY.some((p) => p.startsWith('/') && folded.includes(p))) return 'month';
  if (hasPhrase(folded, YEARLY) || YEARLY.some((p) => p.startsWith('/') && folded.includes(p))) return 'year';
  if (hasPhrase(folded, ONCE)) return 'once';
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
