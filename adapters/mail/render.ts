/**
 * Fills a template for one lead. Values come from the visitor (their name), so they are made
 * harmless first: one line, no control characters, bounded length (no header injection through
 * the subject), and escaped in the HTML version (no markup injection).
 */
import type { MailTemplate, MailVariables } from './templates.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const MAX_VALUE_LENGTH = 80;

/** One printable line: CR, LF and every other control character become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_VALUE_LENGTH);
}

const fill = (template: string, values: MailVariables): string => template.replace(/\{(\w+)\}/g, (_, name: keyof MailVariables) => values[name] ?? '');

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Paragraphs on blank lines, line breaks kept, bare https links made clickable; everything else is text. */
function toHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/https:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

export function renderMail(template: MailTemplate, name: string | undefined): RenderedMail {
  const fullName = oneLine(name ?? '');
  const values: MailVariables = { name: fullName, firstName: fullName.split(' ')[0] ?? '' };
  const text = fill(template.body, values);
  return { subject: oneLine(fill(template.subject, values)), text: `${text}\n`, html: toHtml(text) };
}
