import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runNlu } from '../../bot/cli/nlu-command.js';

const now = new Date('2026-11-23T12:00:00Z');

async function run(slot: string, locale: 'fr' | 'en', lines: string): Promise<Record<string, unknown>[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await runNlu(slot, locale, Readable.from([lines]), output, now);
  return Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('runNlu (leadq nlu)', () => {
  it('knows every qualifying slot and prints the confidence the bot asks below', async () => {
    const said: Record<string, string> = {
      role: 'je suis juste utilisateur', sector: 'on fabrique des portes en alu', project: 'envoyer des newletters',
      motivation: 'réduire nos coûts', companySize: 'on est 25', timeline: 'dans 3 mois', budget: '20k€',
    };
    for (const [slot, text] of Object.entries(said)) {
      const [line] = await run(slot, 'fr', `${text}\n`);
      expect(line, slot).toMatchObject({ text });
      expect(typeof line!.confidence, slot).toBe('number');
    }
  });

  it('answers one JSON line per input line', async () => {
    const out = await run('timeline', 'fr', 'sous 90 jours\r\nsimple curiosité\nblablabla\n');
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ text: 'sous 90 jours', value: { bucket: '1-3m', horizonMonths: 3 } });
    expect(out[1]).toMatchObject({ text: 'simple curiosité', value: { bucket: 'none' } });
    expect(out[2]).toEqual({ text: 'blablabla', value: null, error: 'not_understood' });
  });

  it('passes suggestions through and keeps empty lines answered', async () => {
    const out = await run('email', 'en', 'jean@gmial.com\n\nnot an email\n');
    expect(out[0]).toMatchObject({ value: { address: 'jean@gmial.com' }, suggestion: { params: { address: 'jean@gmail.com' } } });
    expect(out[1]).toEqual({ text: '', value: null, error: 'empty' });
    expect(out[2]).toMatchObject({ value: null, error: 'invalid_email' });
  });

  it('rejects an unknown slot before reading input', async () => {
    await expect(runNlu('__proto__', 'fr', Readable.from(['x\n']), new PassThrough(), now)).rejects.toThrow(/Unknown slot/);
  });

  it('survives oversized and hostile lines, one answer each', async () => {
    const hostile = ['x'.repeat(12_000), '<script>alert(1)</script>', '{"$gt": ""}', '{"__proto__": {"a": 1}}', '😀', '\u0000\u001b'];
    const out = await run('budget', 'fr', `${hostile.join('\n')}\n`);
    expect(out).toHaveLength(hostile.length);
    expect(out[0]).toMatchObject({ value: null, error: 'too_long' });
    for (const line of out) expect(line.value).toBeNull();
  });
});
