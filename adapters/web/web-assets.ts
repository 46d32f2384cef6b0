/**
 * Locates the widget sources and demo files, which tsc does not compile: always in the source
 * tree, whether the server runs from sources (tsx, tests) or from `dist/`.
 */
import { existsSync } from 'node:fs';
import { fromRoot } from '../../core/paths.js';

export function webAssetPath(relative: string): string {
  const file = fromRoot('adapters/web', relative);
  if (!existsSync(file)) throw new Error(`web channel asset not found: ${file}`);
  return file;
}
