/** E-mail templates and settings are validated with clear errors; the engine's `send` step and `features` reach the host. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMailTemplates } from '../../adapters/mail/templates.js';
import { renderMail } from '../../adapters/mail/render.js';
import { loadConfig } from '../../bot/config.js';
import { PROJECT_ROOT } from '../../core/paths.js';
import { parseScripts } from '../../dialogs/engine/loader.js';
import { createMemoryHost } from '../../dialogs/engine/memory-host.js';
import { ScriptRunner } from '../../dialogs/engine/runner.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'email-templates-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);

describe('e-mail templates', () => {
  it('loads the shipped templates in every locale', async () => {
    const templates = await loadMailTemplates(path.join(PROJECT_ROOT, 'config/mail'));
    expect(Object.keys(templates.get('cold-resources') ?? {}).sort()).toEqual(['en', 'fr']);
  });

  it('reports a missing subject, an unknown variable and a missing locale as file:line:col with a hint', async () => {
    await write('offer.fr.md', 'Bonjour {prenom}\n\ncorps\n');
    await expect(loadMailTemplates(dir)).rejects.toThrow(/offer\.fr\.md:1:1 the first line must be the subject — write "Subject: …"[\s\S]*offer\.fr\.md:1:9 unknown variable "\{prenom\}" — use one of: \{firstName\}, \{name\}/);
    await write('offer.fr.md', 'Subject: Bonjour {firstName}\n\nCorps\n');
    await expect(loadMailTemplates(dir)).rejects.toThrow(/offer\.en\.md:1:1 template "offer" has no en version/);
    await write('offer.de.md', 'Subject: Hallo\n\nText\n');
    await expect(loadMailTemplates(dir)).rejects.toThrow(/unknown locale "de"/);
  });

  it('refuses an oversized template', async () => {
    await write('big.fr.md', `Subject: x\n\n${'a'.repeat(70_000)}`);
    await expect(loadMailTemplates(dir)).rejects.toThrow(/larger than 65536 bytes/);
  });

  it('renders a name with line breaks and markup as one escaped line', () => {
    const mail = renderMail({ subject: 'Hi {firstName}', body: 'Dear {name},\n\nSee https://example.com/a?b=1&c=2' }, 'Ann\u2028Subject: x\r\n<i>Lee</i>');
    expect(mail.subject).toBe('Hi Ann');
    expect(mail.text).toBe('Dear Ann Subject: x <i>Lee</i>,\n\nSee https://example.com/a?b=1&c=2\n');
    expect(mail.html).toContain('<p>Dear Ann Subject: x &lt;i&gt;Lee&lt;/i&gt;,</p>');
    expect(mail.html).toContain('<a href="https://example.com/a?b=1&amp;c=2">');
  });
});

describe('mail settings', () => {
  it('is off without SMTP_URL and MAIL_FROM', () => {
    expect(loadConfig({}).mail).toBeUndefined();
  });

  it('needs both, as an smtp(s) URL and one sender address', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.com:587', MAIL_FROM: 'Acme <sales@example.com>' }).mail).toEqual({ smtpUrl: 'smtp://u:p@mail.example.com:587', from: 'Acme <sales@example.com>' });
    expect(() => loadConfig({ MAIL_FROM: 'sales@example.com' })).toThrow(/SMTP_URL must be set/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'sales@example.com' })).toThrow(/SMTP_URL must be set/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(/MAIL_FROM must be one sender address/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'a@example.com, b@example.com' })).toThrow(/MAIL_FROM/);
  });
});

describe('dialog engine: send and features', () => {
  const SCRIPT = `
version: 1
locales: [en]
flows:
  main:
    - if: features.mail
      then:
        - send: welcome
        - end: { en: "mailed" }
      else:
        - end: { en: "not mailed" }
`;
  const run = async (features?: Record<string, boolean>) => {
    const sent: { name: string; locale: unknown }[] = [];
    const host = { ...createMemoryHost({ score: () => ({ score: 0, temperature: 'cold', breakdown: [], qualified: false }) }), ...(features && { features }), send: async (name: string, values: Record<string, unknown>) => void sent.push({ name, locale: values.locale }) };
    const turn = await new ScriptRunner(parseScripts([{ file: 'test.yaml', text: SCRIPT }]), 'test').start({ locale: 'en', host });
    return { texts: turn.outputs.map((o) => o.text), sent };
  };

  it('sends through the host only when the host has the feature', async () => {
    expect(await run({ mail: true })).toEqual({ texts: ['mailed'], sent: [{ name: 'welcome', locale: 'en' }] });
    expect(await run({ mail: false })).toEqual({ texts: ['not mailed'], sent: [] });
    expect(await run()).toEqual({ texts: ['not mailed'], sent: [] });
  });
});
