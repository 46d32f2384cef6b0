import { pino, type Logger } from 'pino';

/** Readable lines for a person at a terminal; JSON for log collectors (production, pipes, files). */
const pretty = process.stdout.isTTY === true && process.env.NODE_ENV !== 'production';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  redact: { paths: ['*.email', '*.phone', 'email', 'phone', 'authorization', '*.authorization'], censor: '[redacted]' },
  ...(pretty && { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', messageKey: 'msg', singleLine: true } } }),
});

/** One structured logger per module: `createLogger('slack')` → every line carries `{module: 'slack'}`. */
export function createLogger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
