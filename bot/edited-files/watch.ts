/**
 * Hot reload for every edited file (dialog scripts, scoring rules, widget, catalogue), one
 * mechanism: watch the file's directory, wait for the editor's save burst to end, load, and
 * apply the new version only when it is valid. An invalid version is refused — each problem
 * logged as one `file:line:col message — hint` line — and the last good version keeps serving;
 * the first valid version after a refusal is logged as a recovery.
 */
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../core/log.js';
import type { ReloadableFile } from './edited-file.js';
import { formatIssue, issuesOf, type FileIssue } from './issues.js';

export interface WatchEvents<T> {
  /** After a valid new version was applied; `recovered` when the previous attempt was refused. */
  reloaded?(value: T, recovered: boolean): void;
  refused?(issues: FileIssue[]): void;
}

/** `initial` is the version loaded at start-up: saving it unchanged is not a reload. */
export function watchEditedFile<T>(target: ReloadableFile<T>, initial: T, log: Logger, events: WatchEvents<T> = {}, debounceMs = 150): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let lastVersion = target.version(initial);
  let refused = false;
  let closed = false;

  const reload = async (): Promise<void> => {
    let value: T;
    try {
      value = await target.load();
    } catch (error) {
      if (closed) return;
      const issues = issuesOf(error, target.path);
      refused = true;
      for (const issue of issues) log.error(`${target.name} refused, the last good version keeps serving: ${formatIssue(issue)}`);
      events.refused?.(issues);
      return;
    }
    const version = target.version(value);
    if (closed || (version === lastVersion && !refused)) return;
    try {
      target.apply(value);
    } catch (error) {
      log.error(`${target.name} could not be applied, the last good version keeps serving: ${(error as Error).message}`);
      return;
    }
    lastVersion = version;
    const recovered = refused;
    refused = false;
    log.info(recovered ? `${target.name} fixed and reloaded (${target.path})` : `${target.name} reloaded (${target.path})`);
    events.reloaded?.(value, recovered);
  };

  // Watch the directory, not the file: editors save by writing a temp file and renaming it over.
  const dir = target.kind === 'directory' ? target.path : dirname(target.path);
  const concerns = (name: string): boolean => (target.kind === 'directory' ? /\.ya?ml$/.test(name) : name === basename(target.path));
  const watcher = watch(dir, (_event, name) => {
    if (name && !concerns(name.toString())) return;
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
