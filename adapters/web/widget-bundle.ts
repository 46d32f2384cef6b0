/**
 * Builds the browser widget with esbuild (one minified IIFE, no framework) and keeps the result
 * in memory with its gzip and ETag: built once when the channel is mounted, served from memory.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { webAssetPath } from './web-assets.js';

export interface WidgetBundle {
  js: Buffer;
  gzip: Buffer;
  etag: string;
}

export async function buildWidgetBundle(): Promise<WidgetBundle> {
  // esbuild is a build tool: load it only when the bundle is actually built.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [webAssetPath('widget/main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const js = Buffer.from(result.outputFiles[0]!.contents);
  return { js, gzip: gzipSync(js, { level: 9 }), etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 27)}"` };
}
