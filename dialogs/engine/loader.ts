/**
 * Loads dialog scripts: YAML (with positions) → JSON Schema validation → semantic checks →
 * compiled ScriptSet. Every error of every file is reported at once, then thrown as ScriptLoadError.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { closest } from '../../core/closest.js';
import { compileScript, type CompiledFile, type RawScript } from './compile.js';
import type { ScriptSet } from './model.js';
import { schemaErrors } from './schema-errors.js';
import { ScriptLoadError, type ScriptError } from './script-error.js';
import { SourceFile } from './script-source.js';

export interface ScriptSource {
  /** Path shown in errors; its base name (without .yaml) is the file id used by `call: file#flow`. */
  file: string;
  text: string;
}

export function scriptId(file: string): string {
  return basename(file, extname(file));
}

/** Parse and compile scripts from memory. Throws ScriptLoadError listing every problem. */
export function parseScripts(sources: readonly ScriptSource[]): ScriptSet {
  const errors: ScriptError[] = [];
  const compiled: { source: SourceFile; file: CompiledFile }[] = [];
  for (const { file, text } of sources) {
    const source = new SourceFile(file, text);
    const syntax = source.syntaxErrors();
    if (syntax.length) {
      errors.push(...syntax);
      continue;
    }
    const data = source.data();
    const invalid = schemaErrors(source, data);
    if (invalid.length) {
      errors.push(...invalid);
      // Reference errors (unknown message keys, flows) are reported in the same pass, so one round of fixes is enough.
      const reported = new Set(invalid.map((error) => `${error.line}:${error.col}`));
      const references: ScriptError[] = [];
      try {
        compiled.push({ source, file: compileScript(scriptId(file), source, data as RawScript, references) });
      } catch {
        // A shape the schema refused may not compile at all: its schema errors say enough.
      }
      errors.push(...references.filter((error) => !reported.has(`${error.line}:${error.col}`)));
      continue;
    }
    compiled.push({ source, file: compileScript(scriptId(file), source, data as RawScript, errors) });
  }

  const flows = new Map(compiled.flatMap(({ file }) => file.flows.map((flow) => [flow.name, flow] as const)));
  for (const { source, file } of compiled) {
    for (const call of file.calls) {
      if (flows.has(call.target)) continue;
      const near = closest(call.target, [...flows.keys()]);
      errors.push(source.error(call.path, `unknown flow "${call.target}"`, near ? `did you mean "${near}"?` : `define it under flows: (other files: \`call: file#flow\`); known flows: ${[...flows.keys()].join(', ')}`));
    }
  }
  if (errors.length) throw new ScriptLoadError(errors);

  return {
    version: createHash('sha256').update(JSON.stringify(sources.map(({ file, text }) => [scriptId(file), text]).sort())).digest('hex').slice(0, 16),
    flows,
    entries: new Map(compiled.map(({ file }) => [file.id, file.start])),
    commands: new Map(compiled.map(({ file }) => [file.id, file.commands])),
    messages: new Map(compiled.map(({ file }) => [file.id, file.messages])),
    files: sources.map(({ file }) => file),
  };
}

export async function loadScriptFiles(files: readonly string[]): Promise<ScriptSet> {
  return parseScripts(await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') }))));
}

/** Script files directly in `dir` (`*.yaml`, `*.yml`; transcript tests live elsewhere). */
export async function listScriptFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => /\.ya?ml$/.test(name) && !name.includes('.transcript.')).sort().map((name) => join(dir, name));
}

export async function loadScriptDir(dir: string): Promise<ScriptSet> {
  return loadScriptFiles(await listScriptFiles(dir));
}
