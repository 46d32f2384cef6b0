/**
 * Development hot reload: reloads the scripts of a directory when a file changes. A version with
 * errors is refused (onError) and the caller keeps serving the last good one.
 */
import { watch } from 'node:fs';
import { loadScriptDir } from './loader.js';
import type { ScriptSet } from './model.js';
import { ScriptLoadError, type ScriptError } from './script-error.js';

export interface WatchHandlers {
  onReload(scripts: ScriptSet): void;
  onError(errors: ScriptError[]): void;
}

export function watchScripts(dir: string, handlers: WatchHandlers, debounceMs = 150): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let lastVersion: string | undefined;
  let closed = false;

  const reload = async () => {
    try {
      const scripts = await loadScriptDir(dir);
      if (closed || scripts.version === lastVersion) return;
      lastVersion = scripts.version;
      handlers.onReload(scripts);
    } catch (error) {
      if (closed) return;
      const errors = error instanceof ScriptLoadError ? error.errors : [{ file: dir, line: 1, col: 1, message: (error as Error).message, hint: 'check that the directory and its files are readable' }];
      handlers.onError(errors);
    }
  };

  // Editors save in bursts (temp file, rename, chmod): wait for the burst to end.
  const watcher = watch(dir, (_event, name) => {
    if (name && !/\.ya?ml$/.test(name.toString())) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  });

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
