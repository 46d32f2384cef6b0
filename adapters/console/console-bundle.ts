/**
 * Builds the console's script and styles with esbuild (TypeScript, uPlot and its CSS bundled,
 * minified) once, kept in memory with gzip and ETag.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fromRoot } from '../../core/paths.js';

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

export interface ConsoleBundle {
  js: Asset;
  css: Asset;
}

function asset(body: Buffer, type: string): Asset {
  return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type };
}

export async function buildConsoleBundle(): Promise<ConsoleBundle> {
  // esbuild is a build tool: load it only when the bundle is built.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { console: fromRoot('adapters/console/client/main.ts'), styles: fromRoot('adapters/console/client/styles.css') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    outdir: fromRoot('.console-build'),
    write: false,
    logLevel: 'silent',
  });
  const find = (suffix: string): Buffer => Buffer.from(result.outputFiles.find((f) => f.path.endsWith(suffix))!.contents);
  return { js: asset(find('console.js'), 'application/javascript; charset=utf-8'), css: asset(find('styles.css'), 'text/css; charset=utf-8') };
}
