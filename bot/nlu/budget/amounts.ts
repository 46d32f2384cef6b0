/**
 * Money amounts in free text, FR and EN number formats: "50k€", "1,5 M€", "$5,000", "10 000 euros",
 * "10.000 €", "deux mille euros". Thousands separators are space, dot, comma or apostrophe followed by
 * exactly three digits ("5,000" is five thousand in both languages, "1,5" is one and a half).
 */

export interface AmountToken {
  value: number;
  /** Index in the folded text where the token starts / ends. */
  start: number;
  end: number;
  /** A multiplier word or letter was attached (k, M, mille, million). */
  scaled: boolean;
  /** Currency written right before or after the amount. */
  currency?: string;
}

const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:cad|c\$|ca\$|canadian dollars?)$/, 'CAD'],
  [/^(?:aud|a\$|au\$|australian dollars?)$/, 'AUD'],
  [/^(?:€|eur|euros?|e|balles|boules)$/, 'EUR'],
  [/^(?:\$|us\$|usd|dollars?|bucks|dollar us)$/, 'USD'],
  [/^(?:£|gbp|pounds?|livres?(?: sterling)?|quid)$/, 'GBP'],
  [/^(?:chf|francs? suisses?|francs?|fr\.?)$/, 'CHF'],
];
const CURRENCY_ALTERNATION = String.raw`€|\$|£|us\$|c\$|ca\$|a\$|au\$|eur|euros?|usd|dollars?|bucks|gbp|pounds?|livres?(?: sterling)?|quid|chf|francs? suisses?|francs?|cad|aud|balles|boules`;
const MULTIPLIERS: [RegExp, number][] = [
  [/^(?:k|ke|keur|kf|mille|milles|milliers|thousand|thousands|grand)$/, 1e3],
  [/^(?:m|mn|mio|mln|million|millions|meur)$/, 1e6],
  [/^(?:md|mds|bn|milliards?|billions?)$/, 1e9],
];
const MULTIPLIER_ALTERNATION = 'keur|ke|kf|k|milliers|milles|mille|thousands|thousand|grand|millions|million|mio|mln|mn|meur|m|milliards?|mds|md|billions?|bn';
/** "une quinzaine de milliers d'euros": approximate counts, read as the number they round. */
const APPROXIMATE_COUNTS: Record<string, number> = {
  dizaine: 10, douzaine: 12, quinzaine: 15, vingtaine: 20, trentaine: 30, quarantaine: 40, cinquantaine: 50, soixantaine: 60,
  centaine: 100, dozen: 12,
};
const WORD_NUMBERS: Record<string, number> = {
  ...APPROXIMATE_COUNTS,
  un: 1, une: 1, one: 1, a: 1, deux: 2, two: 2, trois: 3, three: 3, quatre: 4, four: 4, cinq: 5, five: 5, six: 6, sept: 7,
  seven: 7, huit: 8, eight: 8, neuf: 9, nine: 9, dix: 10, ten: 10, quinze: 15, fifteen: 15, vingt: 20, twenty: 20, trente: 30,
  thirty: 30, cinquante: 50, fifty: 50, cent: 100, cents: 100, hundred: 100,
};
const WORD_ALTERNATION = Object.keys(WORD_NUMBERS).sort((a, b) => b.length - a.length).join('|');

const DIGITS = String.raw`(\d{1,3}(?:[ .,']\d{3})+(?!\d)|\d+)(?:[.,](\d{1,2})(?!\d))?`;
const AMOUNT = new RegExp(
  String.raw`(?:(${CURRENCY_ALTERNATION})\s*)?(?<![\d.,])(?:${DIGITS}|\b(${WORD_ALTERNATION})\b(?=\s+(?:de |d'|of )?(?:cents?|hundred|mille|milliers|thousands?|millions?|milliards?)\b))` +
  String.raw`(?:\s*(?:(?:de |d'|of )(?=(?:milliers|thousands|millions|milliards)\b))?(?:\b|(?<=\d))(${MULTIPLIER_ALTERNATION})(?![a-z]))?(?:\s+(cents?|hundred))?(?:\s*(?:\b|(?<=\d))(${MULTIPLIER_ALTERNATION})(?![a-z]))?(?:\s*(?:d'|de |of )?(${CURRENCY_ALTERNATION})(?![a-z]))?`,
  'g',
);
/** "mille euros", "un million" without digits in front. */
const BARE_MULTIPLIER = /\b(mille|un million|a million|one million|a thousand|one thousand|half a million|un demi-million|un demi million|(?:a )?quarter of a million|un quart de million)\b/g;
const BARE_VALUES: [RegExp, number][] = [[/demi|half/, 5e5], [/quart/, 2.5e5], [/million/, 1e6]];

/**
 * Amounts in folded text whose number words were already turned into digits (text.ts `numberWordsToDigits`:
 * "quarante-cinq mille euros" arrives as "45 mille euros"); "un", "a", "une quinzaine" are still words here.
 */
export function findAmounts(folded: string): AmountToken[] {
  const tokens: AmountToken[] = [];
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(folded); m; m = AMOUNT.exec(folded)) {
    if (m[0].length === 0) {
      AMOUNT.lastIndex++;
      continue;
    }
    const base = m[2] !== undefined ? digitsValue(m[2], m[3]) : WORD_NUMBERS[m[4]!]!;
    const hundreds = m[6] ? 100 : 1;
    const multiplier = multiplierOf(m[5]) * multiplierOf(m[7]);
    const currency = currencyOf(m[1]) ?? currencyOf(m[8]);
    tokens.push({ value: base * hundreds * multiplier, start: m.index, end: m.index + m[0].length, scaled: multiplier > 1 || hundreds > 1, currency });
  }
  BARE_MULTIPLIER.lastIndex = 0;
  for (let m = BARE_MULTIPLIER.exec(folded); m; m = BARE_MULTIPLIER.exec(folded)) {
    if (tokens.some((t) => m!.index >= t.start && m!.index < t.end)) continue;
    const after = /^\s*(?:d'|de |of )?(€|eur|euros?|dollars?|\$|£|pounds?|livres?|chf|francs?)/.exec(folded.slice(m.index + m[0].length));
    tokens.push({ value: BARE_VALUES.find(([re]) => re.test(m![1]!))?.[1] ?? 1e3, start: m.index, end: m.index + m[0].length + (after?.[0].length ?? 0), scaled: true, currency: currencyOf(after?.[1]) });
  }
  return tokens.sort((a, b) => a.start - b.start);
}

export function currencyOf(word: string | undefined): string | undefined {
  if (!word) return undefined;
  return CURRENCY_WORDS.find(([re]) => re.test(word.trim()))?.[1];
}

/** The first currency named anywhere in the text ("budget en euros : 5000"). */
export function currencyInText(folded: string): string | undefined {
  const m = new RegExp(String.raw`(?:^|[^a-z])(${CURRENCY_ALTERNATION})(?![a-z])`).exec(folded);
  return currencyOf(m?.[1]);
}

function digitsValue(integer: string, decimals: string | undefined): number {
  const whole = Number(integer.replace(/[ .,']/g, ''));
  return decimals ? whole + Number(`0.${decimals}`) : whole;
}

function multiplierOf(word: string | undefined): number {
  if (!word) return 1;
  return MULTIPLIERS.find(([re]) => re.test(word))?.[1] ?? 1;
}
