import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEditedFiles } from '../../bot/cli/check-command.js';
import { rescoreLeads } from '../../bot/cli/rescore-command.js';
import { rebuildReports } from '../../bot/cli/reports-command.js';
import { loadConfig } from '../../bot/config.js';
import { editedFiles } from '../../bot/edited-files/files.js';
import { openStore } from '../../data/open-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operator-cli-'));
  await mkdir(join(dir, 'scripts'));
  for (const name of ['qualification.yaml', 'contact.yaml']) await copyFile(join('dialogs/scripts', name), join(dir, 'scripts', name));
  for (const name of ['scoring.yaml', 'widget.yaml', 'catalogue.yaml']) await copyFile(join('config', name), join(dir, name));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = () =>
  loadConfig({
    SCRIPTS_DIR: join(dir, 'scripts'),
    SCORING_FILE: join(dir, 'scoring.yaml'),
    WIDGET_CONFIG: join(dir, 'widget.yaml'),
    CATALOGUE_FILE: join(dir, 'catalogue.yaml'),
    DATA_DIR: join(dir, 'data'),
  });

function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

describe('leadq check', () => {
  it('says every edited file is valid and exits 0', async () => {
    const out = output();
    expect(await checkEditedFiles(Object.values(editedFiles(config())), out.stream)).toBe(0);
    expect(out.text()).toContain(`${join(dir, 'scoring.yaml')}: ok (scoring rules)`);
    expect(out.text()).toContain('all 5 files are valid');
  });

  it('reports every error of every file in one pass, as file:line:col with a hint, and exits 1', async () => {
    await edit(join(dir, 'scripts', 'contact.yaml'), 'flows:', 'flows:\n  broken:\n    - say: nope\n');
    await edit(join(dir, 'scoring.yaml'), '  mql: 50', '  mql: "fifty"');
    await edit(join(dir, 'scoring.yaml'), '  timeline:', '  timline:');
    await edit(join(dir, 'widget.yaml'), 'trustProxy: false', 'trustProxy: maybe');
    await edit(join(dir, 'catalogue.yaml'), '  - id: crm', '  - id: CRM!');
    const out = output();
    expect(await checkEditedFiles(Object.values(editedFiles(config())), out.stream)).toBe(1);
    const lines = out.text().trim().split('\n');
    const at = (file: string) => lines.filter((line) => line.startsWith(`${join(dir, file)}:`));
    expect(at('scripts/contact.yaml')).toEqual([expect.stringMatching(/:\d+:\d+ unknown message key "nope" — /)]);
    expect(at('scoring.yaml')).toEqual(
      expect.arrayContaining([expect.stringMatching(/:\d+:\d+ thresholds\.mql: must be number — write a number here$/), expect.stringMatching(/:\d+:3 answers: unknown field "timline" — did you mean "timeline"\?$/)]),
    );
    expect(at('widget.yaml')).toEqual([expect.stringMatching(/:7:13 trustProxy: must be boolean — write a boolean here$/)]);
    expect(at('catalogue.yaml')).toEqual([expect.stringMatching(/:\d+:\d+ entries\.0\.id: must match pattern .* — write a value matching /)]);
    expect(lines.at(-1)).toBe(`${at('scripts/contact.yaml').length + at('scoring.yaml').length + 2} problem(s) in 4 of 5 files`);
  });

  it('survives hostile files', async () => {
    await writeFile(join(dir, 'scoring.yaml'), 'a: &a [*a, *a]\n'.repeat(1) + 'b: ' + '[*a, '.repeat(50) + ']'.repeat(50));
    await writeFile(join(dir, 'widget.yaml'), '{"__proto__": {"polluted": true}, "$where": "1"}');
    await writeFile(join(dir, 'catalogue.yaml'), 'x'.repeat(1_100_000));
    const out = output();
    expect(await checkEditedFiles(Object.values(editedFiles(config())), out.stream)).toBe(1);
    expect(out.text()).toMatch(/scoring\.yaml:\d+:\d+ /);
    expect(out.text()).toMatch(/widget\.yaml:1:\d+ .*unknown field/);
    expect(out.text()).toContain('catalogue.yaml:1:1 file larger than 1000000 bytes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('leadq rescore', () => {
  async function seedLeads(): Promise<void> {
    const store = await openStore({ dataDir: join(dir, 'data') });
    try {
      const base = { consent: { given: true, at: new Date() }, timeline: { bucket: 'now' as const, text: 'now', horizonMonths: 0 }, project: { text: 'a CRM', id: 'crm', label: 'CRM' } };
      await store.leads.upsert({ visitorId: 'web:mcl-lead', email: 'mcl@example.com' }, { ...base, company: 'Acme', score: 0, temperature: 'cold', scoreBreakdown: [] }, { to: 'mcl' });
      await store.leads.upsert({ visitorId: 'web:sql-lead', email: 'sql@example.com' }, { ...base, company: 'Big', score: 90, temperature: 'hot', scoreBreakdown: [] }, { to: 'sql' });
    } finally {
      await store.close();
    }
  }

  it('lists what would change without writing, then applies it; an SQL is never downgraded', async () => {
    await seedLeads();
    // Lower the bars so the captured lead now qualifies.
    await edit(join(dir, 'scoring.yaml'), '  mql: 50', '  mql: 5');
    await edit(join(dir, 'scoring.yaml'), 'temperature: { warm: 40, hot: 70 }', 'temperature: { warm: 5, hot: 20 }');

    const dry = output();
    expect(await rescoreLeads(config(), true, dry.stream)).toBe(0);
    expect(dry.text()).toMatch(/ \(Acme\): score 0 → \d+, temperature cold → (warm|hot), stage mcl → mql\n/);
    expect(dry.text()).toMatch(/ \(Big\): score 90 → \d+\n/);
    expect(dry.text()).toContain('2 of 2 leads would change (dry run, nothing written)');
    let store = await openStore({ dataDir: join(dir, 'data') });
    expect((await store.leads.findByEmail('mcl@example.com'))?.stage).toBe('mcl');
    await store.close();

    const real = output();
    expect(await rescoreLeads(config(), false, real.stream)).toBe(0);
    expect(real.text()).toContain('2 of 2 leads rescored');
    store = await openStore({ dataDir: join(dir, 'data') });
    try {
      const mcl = await store.leads.findByEmail('mcl@example.com');
      expect(mcl?.stage).toBe('mql');
      expect(mcl?.score).toBeGreaterThan(0);
      expect((await store.leads.findByEmail('sql@example.com'))?.stage).toBe('sql');
    } finally {
      await store.close();
    }
    const again = output();
    await rescoreLeads(config(), true, again.stream);
    expect(again.text()).toContain('0 of 2 leads would change');
  });

  it('refuses to run on invalid scoring rules and names the problem', async () => {
    await edit(join(dir, 'scoring.yaml'), '  mql: 50', '  mql: high');
    const out = output();
    expect(await rescoreLeads(config(), false, out.stream)).toBe(1);
    expect(out.text()).toMatch(/scoring\.yaml:\d+:\d+ thresholds\.mql: must be number/);
    expect(out.text()).toContain('no lead was rescored');
  });
});

describe('leadq reports rebuild', () => {
  it('sums every stored conversation up again, counting a reply that is a skip phrase of the scripts as skipped', async () => {
    const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));
    let store = await openStore({ dataDir: join(dir, 'data') });
    await store.transcripts.append({ conversationId: 'c1', from: 'bot', text: 'Budget ?', slot: 'budget', at: at(1) });
    await store.transcripts.append({ conversationId: 'c1', from: 'user', text: 'passer', at: at(2), visitorId: 'web:c1' });
    await store.transcripts.append({ conversationId: 'c1', from: 'bot', text: 'Rôle ?', slot: 'role', at: at(3) });
    // Opened without the scripts' skip phrases, the store took "passer" for an answer.
    expect((await store.transcripts.dropoffCounts(at(0), at(10))).steps.find((s) => s.slot === 'budget')?.outcome).toBe('answered');
    await store.close();

    const out = output();
    expect(await rebuildReports(config(), out.stream)).toBe(0);
    expect(out.text()).toBe('1 conversations summed up\n');
    store = await openStore({ dataDir: join(dir, 'data') });
    try {
      expect((await store.transcripts.dropoffCounts(at(0), at(10))).steps.find((s) => s.slot === 'budget')?.outcome).toBe('skipped');
    } finally {
      await store.close();
    }
  });
});
