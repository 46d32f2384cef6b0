/** Secrets, tokens, e-mails and phone numbers never reach a log line, structured or in free text. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogDestination } from '../../core/log.js';

afterEach(() => setLogDestination());

function capture(): string[] {
  const lines: string[] = [];
  setLogDestination(new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString('utf8')), done()) }), 'info');
  return lines;
}

describe('log redaction', () => {
  it('censors secret and personal fields, and e-mails and phone numbers inside messages', () => {
    const lines = capture();
    const log = createLogger('redaction-test');
    log.info({ authorization: 'Bearer s3cr3t-token', lead: { email: 'jane@corp.example', phone: '+33612345678', token: 'xoxb-123' }, headers: { cookie: 'sid=abc' } }, 'structured');
    log.warn({ err: new Error('could not save camille.martin@acme-industrie.fr / 06 12 34 56 78 / +44 20 7946 0958') }, 'answer from jane.doe@example.org refused');
    const text = lines.join('');
    for (const secret of ['s3cr3t-token', 'jane@corp.example', '+33612345678', 'xoxb-123', 'sid=abc', 'camille.martin@acme-industrie.fr', '06 12 34 56 78', '+44 20 7946 0958', 'jane.doe@example.org']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('[email]');
    expect(text).toContain('[phone]');
    // Timestamps and other numbers are left alone.
    expect(JSON.parse(lines[0]!).time).toEqual(expect.any(Number));
  });
});
