/**
 * E-mail templates that marketing edits: `config/mail/<name>.<locale>.md`, a `Subject:` line, a
 * blank line, then the plain-text body. `{firstName}` and `{name}` are filled per lead. Every
 * template must exist in every locale, so no lead is ever left without its e-mail.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCALES, type Locale } from '../../core/lead/model.js';
import { ConfigFileError, type ConfigIssue } from '../../core/config/validated-yaml.js';

export const MAIL_VARIABLES = ['firstName', 'name'] as const;
export type MailVariables = Record<(typeof MAIL_VARIABLES)[number], string>;

export interface MailTemplate {
  subject: string;
  body: string;
}

/** Template name → locale → template. */
export type MailTemplates = Map<string, Record<Locale, MailTemplate>>;

const FILE_NAME = /^([a-z][a-z0-9-]*)\.([a-z]{2})\.md$/;
const MAX_BYTES = 64 * 1024;

function parse(file: string, text: string): MailTemplate {
  const issues: ConfigIssue[] = [];
  const [first = '', second, ...rest] = text.replace(/\r\n?/g, '\n').split('\n');
  const subject = /^Subject:\s*(.*)$/i.exec(first)?.[1]?.trim() ?? '';
  if (!subject) issues.push({ line: 1, col: 1, message: 'the first line must be the subject', hint: 'write "Subject: …" on line 1' });
  if (second !== undefined && second.trim() !== '') issues.push({ line: 2, col: 1, message: 'line 2 must be blank', hint: 'leave one empty line between the subject and the body' });
  const body = rest.join('\n').trim();
  if (!body) issues.push({ line: 3, col: 1, message: 'the body is empty', hint: 'write the e-mail text from line 3' });
  text.split(/\r?\n/).forEach((line, i) => {
    for (const match of line.matchAll(/\{([^{}]*)\}/g)) {
      if (!(MAIL_VARIABLES as readonly string[]).includes(match[1]!)) {
        issues.push({ line: i + 1, col: match.index + 1, message: `unknown variable "{${match[1]}}"`, hint: `use one of: ${MAIL_VARIABLES.map((v) => `{${v}}`).join(', ')}` });
      }
    }
  });
  if (issues.length > 0) throw new ConfigFileError(file, issues);
  return { subject, body };
}

export async function loadMailTemplates(dir: string): Promise<MailTemplates> {
  const templates = new Map<string, Partial<Record<Locale, MailTemplate>>>();
  for (const entry of (await readdir(dir)).sort()) {
    const file = path.join(dir, entry);
    const match = FILE_NAME.exec(entry);
    if (!match) {
      if (entry.endsWith('.md')) throw new ConfigFileError(file, [{ line: 1, col: 1, message: `"${entry}" is not named <template>.<locale>.md`, hint: 'e.g. cold-resources.fr.md' }]);
      continue;
    }
    const [, name, locale] = match as unknown as [string, string, string];
    if (!(LOCALES as readonly string[]).includes(locale)) throw new ConfigFileError(file, [{ line: 1, col: 1, message: `unknown locale "${locale}"`, hint: `use one of: ${LOCALES.join(', ')}` }]);
    const text = await readFile(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_BYTES) throw new ConfigFileError(file, [{ line: 1, col: 1, message: `larger than ${MAX_BYTES} bytes`, hint: 'an e-mail template is a short text' }]);
    templates.set(name, { ...templates.get(name), [locale]: parse(file, text) });
  }
  for (const [name, byLocale] of templates) {
    const missing = LOCALES.filter((l) => !byLocale[l]);
    if (missing.length > 0) throw new ConfigFileError(path.join(dir, `${name}.${missing[0]}.md`), [{ line: 1, col: 1, message: `template "${name}" has no ${missing.join(', ')} version`, hint: 'every template needs one file per locale' }]);
  }
  return templates as MailTemplates;
}
