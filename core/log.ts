import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { redactPersonalData } from './log-redaction.js';

/** Readable lines for a person at a terminal; JSON for log collectors (production, pipes, files). */
const pretty = process.stdout.isTTY === true && process.env.NODE_ENV !== 'production';
// Loaded only for a terminal: production and tests never pay for it.
const standardOutput: NodeJS.WritableStream = pretty
  ? (await import('pino-pretty')).default({ colorize: true, translateTime: 'SYS:HH:MM:ss', messageKey: 'msg', singleLine: true })
  : process.stdout;

/** Where log lines go: stdout, or a test's stream (see setLogDestination). */
let destination: NodeJS.WritableStream = standardOutput;
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    destination.write(chunk);
    done();
  },
});

const SECRET_PATHS = ['authorization', 'cookie', 'token', 'password', 'secret', 'signingSecret', 'botToken', 'appPassword', 'MicrosoftAppPassword'];

const root = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    redact: {
      paths: [
        ...['email', 'phone', ...SECRET_PATHS].flatMap((key) => [key, `*.${key}`]),
        'headers',
        '*.headers',
        '*.*.headers',
      ],
      censor: '[redacted]',
    },
    // Structured redaction misses what sits inside free text (an error message quoting an answer).
    hooks: { streamWrite: redactPersonalData },
  },
  sink,
);

const modules = new Set<Logger>();

/** One structured logger per module: `createLogger('slack')` → every line carries `{module: 'slack'}`. */
export function createLogger(module: string): Logger {
  const child = root.child({ module });
  modules.add(child);
  return child;
}

/** Tests: send every module's lines to `stream` at `level`; no arguments restores stdout and LOG_LEVEL. */
export function setLogDestination(stream: NodeJS.WritableStream = standardOutput, level: string = process.env.LOG_LEVEL ?? 'info'): void {
  destination = stream;
  root.level = level;
  for (const child of modules) child.level = level;
}

export type { Logger };
