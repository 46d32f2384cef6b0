/** Behaviours added from the blind tune sets (test/nlu/eval-blind): each case is a general rule, not an eval line. */
import { describe, expect, it } from 'vitest';
import { budgetExtractor } from '../../bot/nlu/budget/budget.js';
import { companyExtractor } from '../../bot/nlu/contact/company.js';
import { emailExtractor } from '../../bot/nlu/contact/email.js';
import { nameExtractor } from '../../bot/nlu/contact/person-name.js';
import { phoneExtractor } from '../../bot/nlu/contact/phone.js';
import { numberWordsToDigits } from '../../bot/nlu/text.js';
import { timelineExtractor } from '../../bot/nlu/timeline/timeline.js';
import type { Extractor } from '../../core/slots/extractor.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const now = new Date('2026-03-02T12:00:00Z');
const run = (extractor: Extractor, text: string, locale: 'fr' | 'en' = 'fr') => {
  const result = extractor.extract(text, { locale, now });
  return result.ok ? result.value : result.reason;
};
const bucket = (text: string, locale: 'fr' | 'en' = 'fr') => (run(timelineExtractor, text, locale) as { bucket?: string }).bucket;

describe('numberWordsToDigits', () => {
  it('reads FR and EN number words below a thousand, one number at a time', () => {
    expect(numberWordsToDigits('quatre-vingt-dix-sept mille')).toBe('97 mille');
    expect(numberWordsToDigits('soixante et onze')).toBe('71');
    expect(numberWordsToDigits('trois cent vingt')).toBe('320');
    expect(numberWordsToDigits('nine hundred and ninety nine')).toBe('999');
    expect(numberWordsToDigits('zero sept quatorze vingt-deux')).toBe('0 7 14 22');
    expect(numberWordsToDigits('eight oh one two', { articles: true })).toBe('8 0 1 2');
  });

  it('leaves articles and other words alone unless asked', () => {
    expect(numberWordsToDigits('un demi-million')).toBe('un demi-million');
    expect(numberWordsToDigits('une fois', { articles: true })).toBe('1 fois');
    expect(numberWordsToDigits('marie-claire a un chat')).toBe('marie-claire a un chat');
  });

  it('survives hostile input', () => {
    for (const input of [...HOSTILE_INPUTS, 'vingt '.repeat(5_000), 'quatre-'.repeat(3_000)]) {
      expect(typeof numberWordsToDigits(input)).toBe('string');
    }
  });
});

describe('budget: number words and approximate counts', () => {
  it('reads amounts spelt out', () => {
    expect(run(budgetExtractor, 'soixante-dix mille euros')).toEqual({ amount: 70000, currency: 'EUR' });
    expect(run(budgetExtractor, 'three hundred thousand dollars', 'en')).toEqual({ amount: 300000, currency: 'USD' });
    expect(run(budgetExtractor, "une vingtaine de milliers d'euros")).toEqual({ amount: 20000, currency: 'EUR' });
    expect(run(budgetExtractor, 'a quarter of a million pounds', 'en')).toEqual({ amount: 250000, currency: 'GBP' });
  });

  it('does not take durations or articles for money', () => {
    expect(run(budgetExtractor, 'deux ans')).toBe('not_understood');
    expect(run(budgetExtractor, 'un budget à définir')).toBe('no_budget');
  });
});

describe('phone: more ways of typing a number', () => {
  it('reads slashes, a country code without "+", and numbers spelt out', () => {
    expect(run(phoneExtractor, '07/56/78/12/34')).toBe('+33756781234');
    expect(run(phoneExtractor, '447911234567', 'en')).toBe('+447911234567');
    expect(run(phoneExtractor, 'zéro sept cinquante-six soixante-dix-huit douze trente-quatre')).toBe('+33756781234');
  });

  it('still refuses too few digits spelt out', () => {
    expect(run(phoneExtractor, 'zero six douze')).toBe('invalid_phone');
  });
});

describe('email: spoken "at"', () => {
  it('joins "name at domain" at the start or after "is"/":"', () => {
    expect(run(emailExtractor, 'anne at studio.fr')).toEqual({ address: 'anne@studio.fr', kind: 'company' });
    expect(run(emailExtractor, 'my address is anne at studio.fr', 'en')).toEqual({ address: 'anne@studio.fr', kind: 'company' });
  });

  it('never turns a sentence into an address', () => {
    expect(run(emailExtractor, 'I work at studio.fr', 'en')).toBe('invalid_email');
    expect(run(emailExtractor, 'anne at studio', 'en')).toBe('invalid_email');
  });
});

describe('timeline: holidays and short delays', () => {
  it('knows Easter, All Saints, the summer holidays, a rentrée with its year, the end of the quarter', () => {
    expect(bucket('à Pâques')).toBe('1-3m'); // Easter 2026 is 5 April
    expect(bucket('vers la Toussaint')).toBe('6-12m');
    expect(bucket('after the summer holidays', 'en')).toBe('6-12m');
    expect(bucket('pendant les grandes vacances')).toBe('3-6m');
    expect(bucket('rentrée 2028')).toBe('12m+');
    expect(bucket("d'ici la fin du trimestre")).toBe('now');
  });

  it('reads "the next few days" and "la quinzaine" as now', () => {
    expect(bucket('dans les jours qui viennent')).toBe('now');
    expect(bucket('sous huitaine')).toBe('now');
    expect(bucket('in the next few days', 'en')).toBe('now');
  });
});

describe('name and company: what visitors add around the name', () => {
  it('drops "ici", "here", "speaking" and reads "the name is"', () => {
    expect(run(nameExtractor, 'Anne Roy ici')).toBe('Anne Roy');
    expect(run(nameExtractor, 'Hello, Anne Roy speaking', 'en')).toBe('Anne Roy');
    expect(run(nameExtractor, 'the name is Anne Roy', 'en')).toBe('Anne Roy');
  });

  it('capitalises Le/La starting a surname, not after de/du', () => {
    expect(run(nameExtractor, 'yann le bris')).toBe('Yann Le Bris');
    expect(run(nameExtractor, 'jean de la fontaine')).toBe('Jean de la Fontaine');
  });

  it('drops a closing remark and a lower-case article, and refuses a declined answer', () => {
    expect(run(companyExtractor, 'Menuiserie Roy (EURL)')).toEqual({ name: 'Menuiserie Roy', kind: 'company' });
    expect(run(companyExtractor, 'la Banque Populaire')).toEqual({ name: 'Banque Populaire', kind: 'company' });
    expect(run(companyExtractor, 'je suis à la Caisse des Dépôts')).toEqual({ name: 'Caisse des Dépôts', kind: 'company' });
    expect(run(companyExtractor, 'La Redoute')).toEqual({ name: 'La Redoute', kind: 'company' });
    expect(run(companyExtractor, "je ne souhaite pas répondre")).toBe('not_a_company');
    expect(run(companyExtractor, "I'd rather not tell you", 'en')).toBe('not_a_company');
  });
});
