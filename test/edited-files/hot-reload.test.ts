import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReloadableFile } from '../../bot/edited-files/edited-file.js';
import { catalogueFile, scoringFile, scriptsFile, widgetFile } from '../../bot/edited-files/files.js';
import type { FileIssue } from '../../bot/edited-files/issues.js';
import { watchEditedFile } from '../../bot/edited-files/watch.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operator-reload-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pino logger whose lines are kept as parsed objects. */
function capturedLog() {
  const lines: { level: number; msg: string; err?: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

type Outcome<T> = { reloaded: T; recovered: boolean } | { refused: FileIssue[] };

/** Watch `target`, then for each edit wait for the watcher's verdict. */
async function watching<T>(target: Omit<ReloadableFile<T>, 'apply'>) {
  const applied: T[] = [];
  const { log, lines } = capturedLog();
  let settle: (outcome: Outcome<T>) => void = () => undefined;
  const watcher = watchEditedFile({ ...target, apply: (value) => applied.push(value) }, await target.load(), log, {
    reloaded: (value, recovered) => settle({ reloaded: value, recovered }),
    refused: (issues) => settle({ refused: issues }),
  }, 30);
  const edit = async (file: string, text: string): Promise<Outcome<T>> => {
    const outcome = new Promise<Outcome<T>>((resolve) => (settle = resolve));
    await writeFile(file, text);
    return outcome;
  };
  return { applied, lines, edit, close: () => watcher.close() };
}

const GOOD_SCRIPT = 'flows:\n  main:\n    - say: { fr: "Version {v}", en: "Version {v}" }\n';

describe('hot reload of edited files (one watcher for all)', () => {
  it('dialog scripts: reloads, refuses a broken version with file:line:col and a hint, logs the recovery', async () => {
    const file = join(dir, 'hello.yaml');
    await writeFile(file, GOOD_SCRIPT);
    const w = await watching(scriptsFile(dir, 'hello'));
    try {
      const reloaded = await w.edit(file, GOOD_SCRIPT.replace('main:', 'main:\n    - say: { fr: a, en: b }'));
      expect(reloaded).toMatchObject({ recovered: false });
      expect(w.applied[0]?.flows.get('hello#main')?.code).toHaveLength(2);

      const refused = await w.edit(file, 'flows:\n  main:\n    - ask: { slot: email, kind: mail, message: hi }\n');
      // The schema error and the reference error of the same file, in one pass.
      expect(refused).toMatchObject({ refused: [{ file, line: 3, message: expect.stringContaining('"mail"') }, { file, line: 3, message: 'unknown message key "hi"' }] });
      expect(w.applied).toHaveLength(1);
      const refusal = w.lines.find((line) => line.level === 50)!;
      expect(refusal.msg).toMatch(new RegExp(`^dialog scripts refused, the last good version keeps serving: ${file}:3:\\d+ .*"mail".* — `));
      expect(refusal.msg).not.toContain('\n');
      expect(refusal.err).toBeUndefined();

      expect(await w.edit(file, GOOD_SCRIPT)).toMatchObject({ recovered: true });
      expect(w.lines.at(-1)).toMatchObject({ level: 30, msg: `dialog scripts fixed and reloaded (${dir})` });
    } finally {
      w.close();
    }
  });

  it('dialog scripts: removing the entry script is refused with the MAIN_SCRIPT hint', async () => {
    await writeFile(join(dir, 'hello.yaml'), GOOD_SCRIPT);
    await writeFile(join(dir, 'other.yaml'), GOOD_SCRIPT);
    const w = await watching(scriptsFile(dir, 'hello'));
    try {
      const outcome = new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (w.lines.some((line) => line.level === 50)) resolve(clearInterval(timer));
        }, 20);
      });
      await rm(join(dir, 'hello.yaml'));
      await outcome;
      expect(w.lines.find((line) => line.level === 50)?.msg).toContain('the entry script "hello.yaml" is missing — restore it or set MAIN_SCRIPT to one of: other');
    } finally {
      w.close();
    }
  });

  it('scoring rules: a typo is refused with its position and a "did you mean" hint; the fix is applied', async () => {
    const file = join(dir, 'scoring.yaml');
    await copyFile('config/scoring.yaml', file);
    const good = await readFile(file, 'utf8');
    const w = await watching(scoringFile(file));
    try {
      const typo = good.replace('  mql: 50', '  mqll: 50');
      const line = typo.split('\n').findIndex((l) => l.startsWith('  mqll:')) + 1;
      const refused = await w.edit(file, typo);
      expect(refused).toHaveProperty('refused');
      const issues = (refused as { refused: FileIssue[] }).refused;
      expect(issues).toContainEqual({ file, line, col: 3, message: 'thresholds: unknown field "mqll"', hint: 'did you mean "mql"?' });
      expect(w.lines.some((l) => l.msg.includes(`scoring rules refused, the last good version keeps serving: ${file}:${line}:3 thresholds: unknown field "mqll" — did you mean "mql"?`))).toBe(true);
      expect(w.applied).toHaveLength(0);

      expect(await w.edit(file, good.replace('  mql: 50', '  mql: 45'))).toMatchObject({ recovered: true });
      expect(w.applied.at(-1)?.thresholds.mql).toBe(45);
      expect(w.lines.at(-1)?.msg).toBe(`scoring rules fixed and reloaded (${file})`);
    } finally {
      w.close();
    }
  });

  it('widget config: a wrong value is refused with the allowed values; the fix is applied with the environment origins', async () => {
    const file = join(dir, 'widget.yaml');
    await copyFile('config/widget.yaml', file);
    const good = await readFile(file, 'utf8');
    const w = await watching(widgetFile(file, ['https://env.example']));
    try {
      const refused = await w.edit(file, good.replace('position: bottom-right', 'position: top'));
      expect((refused as { refused: FileIssue[] }).refused).toContainEqual(expect.objectContaining({ file, message: expect.stringContaining('widget.position'), hint: 'use one of: bottom-right, bottom-left' }));

      expect(await w.edit(file, good.replace('  - http://127.0.0.1:3978', '  - http://127.0.0.1:3978\n  - https://shop.example'))).toMatchObject({ recovered: true });
      expect(w.applied.at(-1)?.allowedOrigins).toEqual(['http://localhost:3978', 'http://127.0.0.1:3978', 'https://shop.example', 'https://env.example']);
    } finally {
      w.close();
    }
  });

  it('project catalogue: broken YAML is refused, then the fixed catalogue is applied', async () => {
    const file = join(dir, 'catalogue.yaml');
    await copyFile('config/catalogue.yaml', file);
    const good = await readFile(file, 'utf8');
    const w = await watching(catalogueFile(file));
    try {
      const refused = await w.edit(file, good.replace('  - id: crm', '  - id: crm\n   labels: [oops'));
      expect((refused as { refused: FileIssue[] }).refused[0]).toMatchObject({ file, hint: expect.stringContaining('YAML syntax') });

      expect(await w.edit(file, good.replace('labels: { fr: CRM, en: CRM }', 'labels: { fr: CRM, en: Customer CRM }'))).toMatchObject({ recovered: true });
      expect(w.applied.at(-1)?.entries[0]?.labels.en).toBe('Customer CRM');
    } finally {
      w.close();
    }
  });

  it('does not re-apply an unchanged save', async () => {
    const file = join(dir, 'scoring.yaml');
    await copyFile('config/scoring.yaml', file);
    const good = await readFile(file, 'utf8');
    const w = await watching(scoringFile(file));
    try {
      await writeFile(file, good);
      expect(await w.edit(file, good.replace('  mql: 50', '  mql: 51'))).toMatchObject({ recovered: false });
      expect(w.applied.map((rules) => rules.thresholds.mql)).toEqual([51]);
    } finally {
      w.close();
    }
  });
});
