import { pino, type Logger } from 'pino';

const root = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  redact: { paths: ['*.email', '*.phone', 'email', 'phone', 'authorization', '*.authorization'], censor: '[redacted]' },
});

/** One structured logger per module: `createLogger('slack')` → every line carries `{module: 'slack'}`. */
export function createLogger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
