/** Errors found in scripts, each pointing at a file position with a hint on how to fix it. */
export interface ScriptError {
  file: string;
  line: number;
  col: number;
  message: string;
  hint: string;
}

export function formatScriptError(error: ScriptError): string {
  return `${error.file}:${error.line}:${error.col} ${error.message} — ${error.hint}`;
}

export class ScriptLoadError extends Error {
  constructor(readonly errors: ScriptError[]) {
    super(`${errors.length} error(s) in dialog scripts:\n${errors.map(formatScriptError).join('\n')}`);
    this.name = 'ScriptLoadError';
  }
}
