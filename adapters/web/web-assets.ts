/**
 * Locates the widget sources and demo files, which are not compiled by tsc: next to this module
 * when run from sources (tsx, tests), or in the source tree when run from `dist/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function webAssetPath(relative: string): string {
  const candidates = [path.join(here, relative), path.join(here, '../../../adapters/web', relative)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`web channel asset not found: ${relative} (looked in ${candidates.join(', ')})`);
  return found;
}
