/**
 * A dialog script file: its YAML errors become ScriptErrors with a fix hint for designers.
 */
import { YamlSource, type Path } from '../../core/config/yaml-source.js';
import type { ScriptError } from './script-error.js';

export type { Path };

export class SourceFile extends YamlSource {
  syntaxErrors(): ScriptError[] {
    return this.syntaxIssues().map(({ code, ...at }) => ({ file: this.file, ...at, hint: yamlHint(code) }));
  }

  error(path: Path, message: string, hint: string, onKey = false): ScriptError {
    return { file: this.file, ...this.position(path, onKey), message, hint };
  }
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'each key may appear only once in a mapping: rename or merge the duplicates';
    case 'BAD_INDENT':
    case 'MISSING_CHAR': return 'check the indentation (spaces, not tabs) and the `key: value` syntax';
    case 'TAB_AS_INDENT': return 'indent with spaces, not tabs';
    default: return 'fix the YAML syntax (quote texts that contain `: ` or start with a special character)';
  }
}
