/**
 * The build's cache of parsed YAML (core/config/parsed-yaml-cache.ts, bot/build/yaml-cache.ts):
 * only data JSON keeps exactly is cached, files with errors are not, and YamlSource gives the same
 * data and error positions with or without it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parsedYamlEntries, YAML_DIRS } from '../../bot/build/yaml-cache.js';
import { parsedYamlFile, survivesJson } from '../../core/config/parsed-yaml-cache.js';
import { YamlSource } from '../../core/config/yaml-source.js';
import { fromRoot } from '../../core/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'leadq-yaml-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsed YAML cache', () => {
  it('keeps only data that JSON gives back unchanged', () => {
    expect(survivesJson({ a: [1, 'x', true, null, { b: 2.5 }] })).toBe(true);
    const lost = [Number.POSITIVE_INFINITY, Number.NaN, -0, new Set(['x']), new Date(0), new Map(), Object.create(null) as object, undefined, 1n];
    lost.forEach((value, i) => expect(survivesJson({ a: [value] }), `value ${i}`).toBe(false));
  });

  it('stores the data of valid files only, under a key that changes with the text', () => {
    const files = { 'ok.yaml': 'a: 1\nlist: [x, y]\n', 'dup.yaml': 'a: 1\na: 2\n', 'inf.yaml': 'a: .inf\n', 'bad.yaml': 'a: [1\n' };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const entries = parsedYamlEntries([dir]);
    expect([...entries.keys()]).toEqual([parsedYamlFile(files['ok.yaml'])]);
    expect(JSON.parse(entries.get(parsedYamlFile(files['ok.yaml']))!)).toEqual({ a: 1, list: ['x', 'y'] });
    expect(parsedYamlFile('a: 1\n')).not.toBe(parsedYamlFile('a: 2\n'));
  });

  it('gives the same data as parsing, for every shipped file', () => {
    const entries = parsedYamlEntries(YAML_DIRS.map((d) => fromRoot(d)));
    expect(entries.size).toBeGreaterThan(10);
    for (const json of entries.values()) expect(json.length).toBeGreaterThan(0);
    const catalogue = readFileSync(fromRoot('config/catalogue.yaml'), 'utf8');
    expect(JSON.parse(entries.get(parsedYamlFile(catalogue))!)).toEqual(parseDocument(catalogue).toJS());
  });

  it('finds positions and syntax errors from the text', () => {
    const source = new YamlSource('x.yaml', 'a:\n  b: 1\n  c: [1, 2]\n');
    expect(source.data()).toEqual({ a: { b: 1, c: [1, 2] } });
    expect(source.position(['a', 'c', 1])).toEqual({ line: 3, col: 10 });
    expect(source.position(['a', 'b'], true)).toEqual({ line: 2, col: 3 });
    expect(new YamlSource('y.yaml', 'a: 1\na: 2\n').syntaxIssues()).toEqual([expect.objectContaining({ line: 2, col: 1, code: 'DUPLICATE_KEY' })]);
  });
});
