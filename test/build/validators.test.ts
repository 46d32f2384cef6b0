/**
 * The build's standalone validators (bot/build/validators.ts): every module that declares one is
 * generated, and each generated module answers exactly as ajv compiling the schema at run time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateValidators, VALIDATOR_MODULES, writeValidators } from '../../bot/build/validators.js';
import { fromRoot } from '../../core/paths.js';
import { ajvFor, declaredValidators, generatedFileName, type SchemaValidator } from '../../core/validation/schema-validator.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'leadq-validators-'));
// The generated modules require ajv's small runtime helpers.
symlinkSync(fromRoot('node_modules'), path.join(dir, 'node_modules'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const require = createRequire(import.meta.url);

describe('generated validators', () => {
  it('lists every module that declares a validator', () => {
    const declaring = execFileSync('git', ['grep', '-l', '-E', 'schemaValidator(<[^>]*>)?\\(|configSchema(<[^>]*>)?\\(', '--', 'core', 'bot', 'dialogs', 'adapters', 'data'], { cwd: fromRoot(), encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && file !== 'core/validation/schema-validator.ts');
    const listed = VALIDATOR_MODULES.map((module) => path.relative(fromRoot(), path.resolve(fromRoot('bot/build'), module)).replace(/\.js$/, '.ts'));
    expect(listed.sort()).toEqual(expect.arrayContaining(declaring.sort()));
  });

  it('answers as run-time compilation does, errors included', async () => {
    const modules = await generateValidators();
    writeValidators(modules, dir);
    const samples: unknown[] = [null, 'text', 3, [], {}, { users: [{ name: 'a b', role: 'boss', password: 'x' }] }, { flows: { main: [{ say: 1 }] } }, { name: 'x', at: new Date(Number.NaN) }, { labels: ['A'], groups: [{ label: 'A', weight: 0 }] }];
    expect(modules.size).toBeGreaterThanOrEqual(15);
    for (const spec of declaredValidators()) {
      const generated = require(path.join(dir, generatedFileName(spec))) as SchemaValidator;
      const compiled = ajvFor(spec).compile(spec.schema);
      for (const sample of samples) {
        const [a, b] = [structuredClone(sample), structuredClone(sample)];
        expect(generated(a), spec.name).toBe(compiled(b));
        expect(generated.errors ?? null, spec.name).toEqual(compiled.errors ?? null);
        // Defaults filled in the same way.
        expect(a).toEqual(b);
      }
    }
  });
});
