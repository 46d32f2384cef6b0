import { describe, expect, it } from 'vitest';
import { nameExtractor } from '../../bot/nlu/contact/person-name.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';
import { readWith } from './read-with.js';

const ctx = { locale: 'fr' as const, now: new Date('2026-11-23T12:00:00Z') };
const nameOf = (text: string) => {
  const result = nameExtractor.extract(text, ctx);
  return result.ok ? result.value : result.reason;
};

describe('name extractor', () => {
  it('strips lead-ins and capitalises', () => {
    expect(nameOf("je m'appelle Marie Curie")).toBe('Marie Curie');
    expect(nameOf('Marie')).toBe('Marie');
    expect(nameOf("c'est Jean-Pierre de la Tour")).toBe('Jean-Pierre de la Tour');
    expect(nameOf("I'm John O'Neil")).toBe("John O'Neil");
    expect(nameOf('jean-pierre DUPONT')).toBe('Jean-Pierre Dupont');
    expect(nameOf('hey there, my name is sarah connor')).toBe('Sarah Connor');
  });

  it('tolerates interjections and misspelt lead-ins', () => {
    expect(nameOf("je m'apelle helene girard")).toBe('Helene Girard');
    expect(nameOf('je mapelle Paul')).toBe('Paul');
    expect(nameOf("Oh hello! My name's Olivia Bennett-Hughes")).toBe('Olivia Bennett-Hughes');
    expect(nameOf('euh, Karim Benali')).toBe('Karim Benali');
    expect(nameOf('Oh')).toBe('not_a_name');
  });

  it('keeps deliberate mixed case and capitalised particles', () => {
    expect(nameOf('Patrick McDonald')).toBe('Patrick McDonald');
    expect(nameOf('Loïc Le Gall')).toBe('Loïc Le Gall');
    expect(nameOf('charles de gaulle')).toBe('Charles de Gaulle');
  });

  it('stops at what follows the name', () => {
    expect(nameOf('je suis Romain de chez Decathlon')).toBe('Romain');
    expect(nameOf("I'm Daniel, from Acme")).toBe('Daniel');
    expect(nameOf('Je suis Mathilde, et vous ?')).toBe('Mathilde');
  });

  it('rejects obvious non-names', () => {
    for (const text of ['jean@acme.fr', '06 12 34 56 78', '12345', '<b>Admin</b>', 'oui', 'pourquoi ?', "'; DROP TABLE leads; --", 'x'.repeat(101)]) {
      const result = nameExtractor.extract(text, ctx);
      expect(result.ok, text).toBe(false);
    }
    expect(nameExtractor.extract('x'.repeat(150), ctx)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('never throws on hostile input and never returns markup', () => {
    for (const input of HOSTILE_INPUTS) {
      const result = nameExtractor.extract(input, ctx);
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) expect(result.value).not.toMatch(/[<>{}$]/);
    }
  });
});

describe('name: what visitors add around the name', () => {
  const run = readWith('2026-03-02');
  it('drops "ici", "here", "speaking" and reads "the name is"', () => {
    expect(run(nameExtractor, 'Anne Roy ici')).toBe('Anne Roy');
    expect(run(nameExtractor, 'Hello, Anne Roy speaking', 'en')).toBe('Anne Roy');
    expect(run(nameExtractor, 'the name is Anne Roy', 'en')).toBe('Anne Roy');
  });
  it('capitalises Le/La starting a surname, not after de/du', () => {
    expect(run(nameExtractor, 'yann le bris')).toBe('Yann Le Bris');
    expect(run(nameExtractor, 'jean de la fontaine')).toBe('Jean de la Fontaine');
  });
});
