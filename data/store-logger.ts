/** What the stores log through: any pino-style logger (the composition root passes its own). */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
