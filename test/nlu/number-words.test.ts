import { describe, expect, it } from 'vitest';
import { numberWordsToDigits } from '../../bot/nlu/text.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

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
