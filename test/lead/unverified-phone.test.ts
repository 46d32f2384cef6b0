/**
 * A well-formed phone number in no allocated range ("07 00 00 00 00") is refused once; typed again
 * the same, it is the visitor's confirmation: stored, flagged `phoneVerified: false`, shown as
 * unverified to sales. Over the real app and /api/messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLeadAlert } from '../../adapters/slack/alert-message.js';
import type { Lead } from '../../core/lead/model.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { startApp, type RunningApp } from '../support/app-harness.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

/** Consent, name and e-mail, so the next question is the phone. */
async function toPhonePrompt(client: BotFrameworkClient, answers: { consent: string; name: string; email: string }): Promise<void> {
  await client.say(answers.consent === 'oui' ? 'bonjour' : 'hello');
  for (const slot of ['consent', 'name', 'email'] as const) {
    expect(client.prompt?.slot).toBe(slot);
    await client.say(answers[slot]);
  }
  expect(client.prompt?.slot).toBe('phone');
}

async function leadByEmail(email: string): Promise<Lead> {
  const lead = await running.app.store.leads.findByEmail(email);
  expect(lead).toBeTruthy();
  return lead!;
}

describe('a well-formed but unallocated phone number', () => {
  it.each([
    { locale: 'fr-FR', consent: 'oui', name: 'Camille Martin', email: 'camille.unverified@acme-industrie.fr', phone: '07 00 00 00 00', e164: '+33700000000', confirm: /retapez-le à l'identique/ },
    { locale: 'en-US', consent: 'yes', name: 'Jordan Smith', email: 'jordan.unverified@northwind.com', phone: '+1 (555) 123-4567', e164: '+15551234567', confirm: /type it again exactly/ },
  ])('typed twice in $locale is kept, flagged unverified', async ({ locale, phone, e164, confirm, ...answers }) => {
    const client = new BotFrameworkClient(running.url, { locale });
    await toPhonePrompt(client, answers);
    await client.say(phone);
    expect(client.prompt?.slot).toBe('phone');
    expect(client.lastText).toMatch(confirm);
    await client.say(phone);
    expect(client.prompt?.slot).toBe('company');
    await client.say('Acme');
    const lead = await leadByEmail(answers.email);
    expect(lead.phone).toBe(e164);
    expect(lead.phoneVerified).toBe(false);
    // Sales see it flagged in the Slack alert, in the team's language.
    const alert = (language: 'fr' | 'en') => JSON.stringify(renderLeadAlert(lead, { leadId: lead._id, event: 'qualified' }, undefined, language).blocks);
    expect(alert('fr')).toContain(`${e164} (numéro non vérifié)`);
    expect(alert('en')).toContain(`${e164} (unverified number)`);
  });

  it('is not kept when the second answer is a different unallocated number', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await toPhonePrompt(client, { consent: 'oui', name: 'Léa Dupont', email: 'lea.twonumbers@acme-industrie.fr' });
    await client.say('07 00 00 00 00');
    await client.say('07 00 00 00 01');
    expect(client.prompt?.slot).toBe('company');
    await client.say('Acme');
    const lead = await leadByEmail('lea.twonumbers@acme-industrie.fr');
    expect(lead.phone).toBeUndefined();
    expect(lead.phoneVerified).toBeUndefined();
  });

  it('a valid number is stored verified at the first answer', async () => {
    const client = new BotFrameworkClient(running.url, { locale: 'fr-FR' });
    await toPhonePrompt(client, { consent: 'oui', name: 'Hugo Petit', email: 'hugo.valid@acme-industrie.fr' });
    await client.say('06 12 34 56 78');
    expect(client.prompt?.slot).toBe('company');
    await client.say('Acme');
    const lead = await leadByEmail('hugo.valid@acme-industrie.fr');
    expect(lead.phone).toBe('+33612345678');
    expect(lead.phoneVerified).toBe(true);
    expect(JSON.stringify(renderLeadAlert(lead, { leadId: lead._id, event: 'qualified' }).blocks)).not.toContain('unverified');
  });
});
