import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatScript, checkScripts } from '../../bot/cli/dialogs-command.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadq-dialogs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('leadq dialogs check', () => {
  it('prints ok for the default scripts and exits 0', async () => {
    const out = collect();
    expect(await checkScripts([], out.stream)).toBe(0);
    expect(out.text()).toMatch(/qualification\.yaml: ok/);
    expect(out.text()).toMatch(/contact\.yaml: ok/);
  });

  it('prints every error as file:line:col and exits 1', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'flows:\n  main:\n    - say: nope\n    - call: missing\n');
    const out = collect();
    expect(await checkScripts([file], out.stream)).toBe(1);
    expect(out.text()).toContain(`${file}:3:12 unknown message key "nope"`);
    expect(out.text()).toContain(`${file}:4:13 unknown flow "broken#missing"`);
  });

  it('survives hostile files', async () => {
    const files = ['big.yaml', 'html.yaml', 'mongo.yaml'].map((name) => join(dir, name));
    await writeFile(files[0]!, `flows:\n  main:\n${'    - say: { fr: "😀", en: "😀" }\n'.repeat(2_000)}`);
    await writeFile(files[1]!, '<html><body onload=alert(1)>');
    await writeFile(files[2]!, '{"$gt": "", "__proto__": {"polluted": true}}');
    const out = collect();
    expect(await checkScripts(files, out.stream)).toBe(1);
    expect(out.text()).toContain('big.yaml: ok');
    expect(out.text()).toMatch(/html\.yaml:1:1 /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('leadq dialogs chat', () => {
  it('talks to a script in the terminal and shows prompts with slots and choices', async () => {
    await copyFile('dialogs/scripts/qualification.yaml', join(dir, 'qualification.yaml'));
    await copyFile('dialogs/scripts/contact.yaml', join(dir, 'contact.yaml'));
    const out = collect();
    await chatScript(join(dir, 'qualification.yaml'), 'en', Readable.from(['yes\n', 'Jordan\n', 'x'.repeat(10_240) + '\n', 'stop\n']), out.stream);
    const text = out.text();
    expect(text).toContain('[consent: confirm]  1. Yes  2. No');
    expect(text).toContain('[name: text]');
    expect(text).toContain('[email: email]');
    expect(text).toContain('too long');
    expect(text).toContain('conversation over');
  });
});

describe('one pass reports every kind of script error', () => {
  it('reports reference errors of a file that also has schema errors', async () => {
    const file = join(dir, 'mixed.yaml');
    await writeFile(file, 'flows:\n  main:\n    - ask: { slot: email, kind: mail, message: hi }\n    - say: nope\n    - call: missing\n');
    const out = collect();
    expect(await checkScripts([file], out.stream)).toBe(1);
    expect(out.text()).toMatch(new RegExp(`${file}:3:\\d+ .*"mail"`));
    expect(out.text()).toContain(`${file}:4:12 unknown message key "nope"`);
    expect(out.text()).toContain(`${file}:5:13 unknown flow "mixed#missing"`);
  });
});
