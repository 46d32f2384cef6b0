/** Every environment variable the code reads is in .env.example and in the README's configuration table. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE_DIRS = ['core', 'bot', 'adapters', 'data', 'dialogs'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'widget' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `env.X`, `process.env.X`, `env['X']`, and config.ts's helpers `int(env, 'X'…)`, `flag(env, 'X'…)`, `file('X'…)`; assignments are not reads. */
function variablesRead(source: string): string[] {
  const patterns = [/\benv\??\.([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*(?:\?\?|\|\||&&)?=[^=])/g, /\benv\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\]/g, /\(\s*env,\s*'([A-Za-z_][A-Za-z0-9_]*)'/g, /\bfile\('([A-Z_][A-Z0-9_]*)'/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

/** Read for the Bot Framework SDK, which takes the whole environment (ConfigurationBotFrameworkAuthentication). */
const READ_BY_BOTBUILDER = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'];

const read = [...new Set([...SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) => variablesRead(readFileSync(file, 'utf8'))), ...READ_BY_BOTBUILDER])].sort();

describe('environment variables are documented', () => {
  it('finds the variables the code reads', () => {
    expect(read).toEqual(expect.arrayContaining(['PORT', 'MONGODB_URI', 'SCORING_FILE', 'WIDGET_ALLOWED_ORIGINS', 'SLACK_SOCKET_MODE', 'LOG_LEVEL', 'NODE_ENV']));
  });

  it('lists every one in .env.example', () => {
    const example = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]));
    expect(read.filter((name) => !example.has(name))).toEqual([]);
  });

  it('lists every one in the README configuration table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration (environment)'), readme.indexOf('\n## ', readme.indexOf('## Configuration (environment)') + 1));
    expect(read.filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
  });
});
