/**
 * Personal data inside free text of a log line (an error quoting an answer, a URL with an e-mail):
 * e-mail addresses and phone numbers are masked before the line is written. Structured fields
 * (`email`, `phone`, `authorization`…) are censored by pino's redaction in log.ts.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/**
 * A phone number as people type it: optional +country, then at least 8 digits in groups separated
 * by spaces, dots, dashes or brackets. Not preceded by `:` or a word character, so JSON numbers
 * (`"time":1796232487814`) and ids are left alone.
 */
const PHONE = /(?<![\w:.+-])(?:\+|00)?\d(?:[\s.()-]{0,2}\d){7,16}(?![\w])/g;

export function redactPersonalData(line: string): string {
  return line.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}
