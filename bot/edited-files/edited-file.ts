/**
 * The files marketing and bot designers edit, described once: where each lives and how it is
 * loaded. `leadq check` loads them all; the running bot watches them (watch.ts) and swaps in each
 * valid new version.
 */
export interface EditedFile<T> {
  /** What logs and `leadq check` call it: "scoring rules". */
  readonly name: string;
  /** The file, or the directory of files (dialog scripts). */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  /** Load and validate; throws the loader's error (ScriptLoadError, ConfigFileError…) when invalid. */
  load(): Promise<T>;
  /** Equal versions are not re-applied (editors save the same content several times). */
  version(value: T): string;
}

/** A file whose valid new versions are applied to the running bot. */
export interface ReloadableFile<T> extends EditedFile<T> {
  apply(value: T): void;
}
