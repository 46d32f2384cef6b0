import { describe, expect, it } from 'vitest';
import { parseScripts } from '../../dialogs/engine/loader.js';
import { ScriptLoadError, type ScriptError } from '../../dialogs/engine/script-error.js';
import { loadScriptDir } from '../../dialogs/engine/loader.js';

function errorsOf(text: string, extra: { file: string; text: string }[] = []): ScriptError[] {
  try {
    parseScripts([{ file: 'flows/test.yaml', text }, ...extra]);
  } catch (error) {
    expect(error).toBeInstanceOf(ScriptLoadError);
    return (error as ScriptLoadError).errors;
  }
  throw new Error('expected the script to be refused');
}

describe('script loader', () => {
  it('loads the default scripts', async () => {
    const scripts = await loadScriptDir('dialogs/scripts');
    expect([...scripts.entries.keys()].sort()).toEqual(['contact', 'qualification']);
    expect(scripts.flows.get('qualification#main')?.code.length).toBeGreaterThan(5);
    expect(scripts.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports every problem with file:line:col and a hint', () => {
    const errors = errorsOf(`messages:
  hello: { fr: "Bonjour" }
flows:
  main:
    - say: helo
    - ask: { slot: shoeSize, kind: text, message: hello }
    - ask: { slot: role, kind: text, message: hello, choices: [{ value: a, label: { fr: A, en: A } }] }
    - call: nowhere
    - if: "score >>> 3"
      then: [{ say: hello }]
    - id: twice
      say: hello
    - id: twice
      say: hello
    - end: hello
    - say: hello
`);
    const byMessage = (part: string) => errors.find((e) => e.message.includes(part));
    expect(byMessage('message "hello" has no en text')).toMatchObject({ file: 'flows/test.yaml', line: 2, col: 3 });
    expect(byMessage('unknown message key "helo"')).toMatchObject({ line: 5, hint: expect.stringContaining('did you mean "hello"') });
    expect(byMessage('unknown slot "shoeSize"')).toMatchObject({ line: 6, hint: expect.stringContaining('variables:') });
    expect(byMessage('choices on a "text" question')).toMatchObject({ line: 7, hint: expect.stringContaining('kind: choice') });
    expect(byMessage('unknown flow "test#nowhere"')).toMatchObject({ line: 8 });
    expect(byMessage('invalid expression')).toMatchObject({ line: 9 });
    expect(byMessage('duplicate step id "twice"')).toMatchObject({ line: 13 });
    expect(byMessage('unreachable step')).toMatchObject({ line: 16, hint: expect.stringContaining('end') });
    expect(errors.length).toBe(8);
  });

  it('explains schema errors precisely: unknown kind, misspelt property, step without action', () => {
    const errors = errorsOf(`flows:
  main:
    - ask: { slot: email, kind: mail, message: { fr: a, en: b } }
    - sya: { fr: a, en: b }
    - ask: { slot: name, kind: text, mesage: { fr: a, en: b } }
`);
    expect(errors).toContainEqual(expect.objectContaining({ line: 3, message: expect.stringContaining('"mail" is not allowed'), hint: expect.stringContaining('email') }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 4, message: 'a step must have exactly one action', hint: expect.stringContaining('say, ask') }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 5, message: 'unknown property "mesage"', col: 38 }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 5, message: 'missing "message"' }));
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const errors = errorsOf('flows:\n  main:\n    - say: hello\n  main:\n    - say: bye\n');
    expect(errors[0]).toMatchObject({ line: 4, hint: expect.stringContaining('only once') });
    expect(errorsOf('flows: [\n')[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('resolves calls across files and reports unknown ones in any file', () => {
    const ok = parseScripts([
      { file: 'a.yaml', text: 'flows:\n  main:\n    - call: b#sub\n' },
      { file: 'b.yaml', text: 'flows:\n  sub:\n    - say: { fr: x, en: y }\n' },
    ]);
    expect(ok.flows.has('b#sub')).toBe(true);
    const errors = errorsOf('flows:\n  main:\n    - call: b#subb\n', [{ file: 'b.yaml', text: 'flows:\n  sub:\n    - say: { fr: x, en: y }\n' }]);
    expect(errors[0]).toMatchObject({ line: 3, message: 'unknown flow "b#subb"', hint: 'did you mean "b#sub"?' });
  });

  it('refuses hostile or oversized documents without crashing', () => {
    expect(errorsOf('__proto__: { polluted: true }\nflows:\n  main: []\n')[0]?.message).toContain('unknown property "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorsOf(`flows:\n  main:\n    - say: { fr: "${'é'.repeat(20_000)}" }\n`)[0]?.message).toContain('no en');
    expect(errorsOf('{"$gt": ""}')[0]?.message).toMatch(/unknown property "\$gt"|missing "flows"/);
    expect(errorsOf('<html><script>alert(1)</script></html>')[0]?.message).toBeTruthy();
    expect(errorsOf('')[0]?.message).toMatch(/must be object|missing/);
  });
});
