/**
 * One shape for every problem in a file people edit (scripts, scoring rules, widget, catalogue):
 * `file:line:col message — hint`, the format of dialog script errors.
 */
import { formatScriptError, ScriptLoadError, type ScriptError } from '../../dialogs/engine/script-error.js';
import { ConfigFileError } from '../../core/config/validated-yaml.js';

export type FileIssue = ScriptError;
export const formatIssue = formatScriptError;

/** The issues an edited file's loader threw; anything unexpected becomes one issue on the file itself. */
export function issuesOf(error: unknown, file: string): FileIssue[] {
  if (error instanceof ScriptLoadError) return error.errors;
  if (error instanceof ConfigFileError) {
    return error.issues.map((issue) => ({
      file: error.file,
      line: Math.max(issue.line, 1),
      col: Math.max(issue.col, 1),
      message: issue.message,
      hint: issue.hint ?? 'see the comments in the file and the README for the expected shape',
    }));
  }
  return [{ file, line: 1, col: 1, message: error instanceof Error ? error.message : String(error), hint: 'check that the file exists and is readable' }];
}
