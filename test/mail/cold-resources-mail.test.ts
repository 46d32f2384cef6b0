/**
 * The cold closing's resources e-mail, end to end: conversations over /api/messages against a
 * local SMTP server (smtp-server on a loopback port chosen by the OS) that parses what it gets.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../core/lead/model.js';
import { enqueueLeadMail, leadMailKey } from '../../bot/outbox/lead-mail.js';
import { converse, type Answers } from '../e2e/answers.js';
import { ADMIN_TOKEN, startApp, type RunningApp } from '../support/app-harness.js';
import { BotFrameworkClient } from '../support/bf-client.js';
import { readMessage, type ReadMessage } from './mime-message.js';

const FRENCH_COLD: Answers = {
  consent: 'oui',
  name: 'Julien Moreau',
  email: 'julien.moreau.dev@gmail.com',
  phone: 'passer',
  company: 'indépendant',
  project: 'un chatbot pour mon site perso',
  timeline: 'pas de date, je me renseigne juste',
  motivation: 'simple curiosité pour le moment',
  budget: 'passer',
  role: 'Étudiant(e)',
  companySize: '1 à 9',
  sector: 'éducation',
};

const ENGLISH_COLD: Answers = {
  consent: 'yes',
  name: 'Emma Stone',
  email: 'emma.stone.student@gmail.com',
  phone: 'skip',
  company: 'none, I am a student',
  project: 'a chatbot for my school project',
  timeline: 'no date yet, just looking',
  motivation: 'just curious',
  budget: 'skip',
  role: 'Student',
  companySize: 'skip',
  sector: 'education',
};

interface Received {
  to: string[];
  mail: ReadMessage;
  raw: string;
}

let smtp: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];
/** Replies to refuse the next messages with (e.g. 451), in order; empty → accept. */
const refusals: number[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = refusals.shift();
        if (code) return callback(Object.assign(new Error('try again later'), { responseCode: code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: readMessage(raw), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.dispose();
  running = undefined;
  refusals.length = 0;
});

const MAIL_ENV = () => ({ SMTP_URL: smtpUrl, MAIL_FROM: 'Acme Sales <sales@example.com>' });
const start = (env: Record<string, string>) =>
  startApp({ env, overrides: { mail: { pollIntervalMs: 50, backoff: { minMs: 50, maxMs: 200, jitter: false } } } });

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const mailsTo = (address: string) => received.filter((r) => r.to.includes(address));

async function leadByEmail(app: RunningApp, email: string): Promise<Lead> {
  const body = (await (await app.admin(`/api/leads?email=${encodeURIComponent(email)}`)).json()) as { items: Lead[] };
  return body.items[0]!;
}

async function coldConversation(app: RunningApp, answers: Answers, locale: string): Promise<BotFrameworkClient> {
  const client = new BotFrameworkClient(app.url, { locale });
  await client.say(locale.startsWith('fr') ? 'bonjour' : 'hello');
  await converse(client, answers);
  return client;
}

describe('cold-lead resources e-mail', () => {
  it('sends one e-mail in the lead’s language, to the lead, with their name, and the closing says so', async () => {
    running = await start(MAIL_ENV());
    const client = await coldConversation(running, FRENCH_COLD, 'fr-FR');
    const lead = await leadByEmail(running, FRENCH_COLD.email!);
    expect(lead.temperature).toBe('cold');
    expect(client.lastText).toContain('je vous envoie par e-mail');

    const [mail] = await until(() => mailsTo(FRENCH_COLD.email!).length > 0 && mailsTo(FRENCH_COLD.email!), 'the e-mail');
    expect(mail!.mail.subject).toBe('Julien, vos ressources pour préparer votre projet');
    expect(mail!.mail.from).toBe('Acme Sales <sales@example.com>');
    expect(mail!.mail.text).toContain('Bonjour Julien,');
    expect(mail!.mail.html).toContain('<p>Bonjour Julien,</p>');
    expect(mail!.mail.html).toContain('<a href="https://www.example.com/tarifs">');

    // Enqueuing again (a replayed turn, a second worker) is a no-op: still one e-mail.
    expect(await enqueueLeadMail(running.app.store.outbox, lead._id, 'cold-resources')).toBe(false);
    const item = await until(() => running!.app.store.outbox.get(leadMailKey(lead._id, 'cold-resources')).then((i) => i?.status === 'done' && i), 'outbox item done');
    expect(item.attempts).toBe(1);
    expect(mailsTo(FRENCH_COLD.email!)).toHaveLength(1);
  }, 60_000);

  it('delivers once after the SMTP server refused it temporarily (451)', async () => {
    refusals.push(451, 451);
    running = await start(MAIL_ENV());
    await coldConversation(running, ENGLISH_COLD, 'en-US');
    const lead = await leadByEmail(running, ENGLISH_COLD.email!.toLowerCase());
    const item = await until(() => running!.app.store.outbox.get(leadMailKey(lead._id, 'cold-resources')).then((i) => i?.status === 'done' && i), 'delivery after retries');
    expect(item.attempts).toBe(3);
    expect(refusals).toEqual([]);
    const mails = mailsTo(ENGLISH_COLD.email!.toLowerCase());
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail.subject).toBe('Emma, your resources to prepare your project');
    expect(mails[0]!.mail.text).toContain('Hi Emma,');
  }, 60_000);

  it('sends nothing and promises nothing when SMTP is not configured', async () => {
    const before = received.length;
    running = await start({});
    const answers = { ...FRENCH_COLD, email: 'no.smtp@gmail.com' };
    const client = await coldConversation(running, answers, 'fr-FR');
    const lead = await leadByEmail(running, answers.email);
    expect(lead.temperature).toBe('cold');
    expect(client.lastText).toContain('vous trouverez des ressources sur notre site');
    expect(client.lastText).not.toContain('e-mail');
    expect(await running.app.store.outbox.get(leadMailKey(lead._id, 'cold-resources'))).toBeNull();
    expect(received.length).toBe(before);
  }, 60_000);

  it('never e-mails a lead erased before delivery', async () => {
    refusals.push(451);
    running = await start(MAIL_ENV());
    const answers = { ...FRENCH_COLD, email: 'erase.me@gmail.com' };
    await coldConversation(running, answers, 'fr-FR');
    const lead = await leadByEmail(running, answers.email);
    const key = leadMailKey(lead._id, 'cold-resources');
    // The first attempt was refused; erase before the retry.
    await until(() => running!.app.store.outbox.get(key).then((i) => i?.lastError !== undefined), 'the refused attempt');
    expect((await fetch(`${running.url}/api/leads/${lead._id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(204);
    // Erasure removes the queued e-mail with the rest of the lead's data.
    await until(() => running!.app.store.outbox.get(key).then((i) => i === null), 'the queued e-mail erased');
    // Several retry periods (backoff ≤ 200 ms) for a stray delivery to show up, then count.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mailsTo(answers.email)).toHaveLength(0);
  }, 60_000);

  it('keeps a hostile name out of the headers and the markup', async () => {
    running = await start(MAIL_ENV());
    const email = 'hostile.name@gmail.com';
    const name = '<b>Eve</b>\r\nBcc: victim@example.org\r\n<script>alert(1)</script>';
    const lead = await running.app.store.leads.upsert({ visitorId: 'test:hostile', email }, { name, locale: 'en', consent: { given: true, at: new Date() } });
    expect(await enqueueLeadMail(running.app.store.outbox, lead._id, 'cold-resources')).toBe(true);
    const [mail] = await until(() => mailsTo(email).length > 0 && mailsTo(email), 'the e-mail');
    expect(mail!.to).toEqual([email]);
    expect(mail!.mail.headers.has('bcc')).toBe(false);
    expect(mail!.mail.headers.get('to')).toEqual([email]);
    expect(mail!.raw).not.toMatch(/^Bcc:/im);
    expect(mail!.raw.slice(0, mail!.raw.indexOf('\r\n\r\n'))).not.toContain('victim');
    // The subject is plain text: the name shows as typed, on one line.
    expect(mail!.mail.subject).toBe('<b>Eve</b>, your resources to prepare your project');
    expect(mail!.mail.html).toContain('<p>Hi &lt;b&gt;Eve&lt;/b&gt;,</p>');
    expect(mail!.mail.html).not.toContain('<b>');
    expect(mail!.mail.text).toContain('Hi <b>Eve</b>,');
  }, 60_000);
});
