/** Recognising a visitor who asks for a person, at any step, without taking ordinary answers for it. */
import { describe, expect, it } from 'vitest';
import { asksForPerson } from '../../bot/handoff/asks-for-person.js';

describe('asksForPerson', () => {
  it.each([
    'parler à un conseiller',
    'Parler à un conseiller',
    "je veux parler à quelqu'un",
    'Je voudrais parler avec un commercial svp',
    'je voudrais être mis en relation avec un commercial',
    'un humain svp',
    'conseiller !',
    'talk to a human',
    'speak to someone',
    'Can I speak with a sales rep?',
    'Talk to a person',
    'human please',
    'put me through to someone',
  ])('"%s" asks for a person', (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    'oui',
    'je décide avec mon conseiller',
    'un CRM pour notre équipe commerciale',
    'we want to talk to customers more often',
    'I am the person who decides',
    'notre commercial actuel est débordé',
    '',
    `parler à un conseiller ${'x'.repeat(600)}`,
  ])('"%s" does not', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
});
