/**
 * The build's cache of parsed YAML (core/config/parsed-yaml-cache.ts, bot/build/yaml-cache.ts):
 * only data JSON keeps exactly is cached, files with errors are not, and YamlSource gives the same
 * data and error positions with or without it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parsedYamlEntries, YAML_DIRS } from '../../bot/build/yaml-cache.js';
import { parsedYamlFile, positionsFile, survivesJson } from '../../core/config/parsed-yaml-cache.js';
import { positionsOf, YamlSource, type Path } from '../../core/config/yaml-source.js';
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
    expect([...entries.keys()]).toEqual([parsedYamlFile(files['ok.yaml']), positionsFile(parsedYamlFile(files['ok.yaml']))]);
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

  it('finds every position as walking the parsed document does, also from the positions JSON keeps', () => {
    const files = YAML_DIRS.flatMap((d) => readdirSync(fromRoot(d), { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(fromRoot(d), f)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
      const positions = positionsOf(doc, lines);
      expect(JSON.parse(JSON.stringify(positions))).toEqual(positions);
      const source = new YamlSource(file, text);
      const paths: Path[] = [[], ['nowhere'], [0]];
      const collect = (value: unknown, at: Path): void => {
        if (Array.isArray(value)) value.forEach((item, i) => { paths.push([...at, i], [...at, i, 'missing']); collect(item, [...at, i]); });
        else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) { paths.push([...at, key]); collect(item, [...at, key]); }
      };
      collect(doc.toJS(), []);
      for (const at of paths) {
        for (const onKey of [false, true]) expect(source.position(at, onKey), `${file} ${at.join('.')}`).toEqual(walkDocument(doc, lines, at, onKey));
      }
    }
  });
});

/** YamlSource.position as it walked the parsed document before positions could come from the cache. */
function walkDocument(doc: ReturnType<typeof parseDocument>, lines: LineCounter, at: Path, onKey: boolean): { line: number; col: number } {
  const start = (node: unknown): number | undefined => (node as Node | null | undefined)?.range?.[0];
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (const segment of at) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      if (!pair) break;
      offset = (onKey && segment === at[at.length - 1] ? start(pair.key) : start(pair.value) ?? start(pair.key)) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = start(node) ?? offset;
    } else break;
  }
  return lines.linePos(offset);
}
