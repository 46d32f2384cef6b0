/**
 * The demo product site served at `/` (French) and `/en` (English) with the widget embedded, so
 * anyone can try the bot in a minute. Pages are fragments in demo/pages/ wrapped in
 * demo/layout.html (layout.en.html); the set of URLs is fixed here (no path from the request
 * ever reaches the file system).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'restify';
import { webAssetPath } from './web-assets.js';
import { ROUTES_ONLY, type Mounted } from '../http/mounted.js';

interface DemoPage {
  route: string;
  file: string;
  title: string;
  layout: 'layout.html' | 'layout.en.html';
}

export const DEMO_PAGES: readonly DemoPage[] = [
  { route: '/', file: 'accueil.html', title: 'Pilote — le CRM qui qualifie vos leads', layout: 'layout.html' },
  { route: '/produits/pilote-crm', file: 'produit-crm.html', title: 'Pilote CRM — Produits', layout: 'layout.html' },
  { route: '/produits/pilote-campagnes', file: 'produit-campagnes.html', title: 'Pilote Campagnes — Produits', layout: 'layout.html' },
  { route: '/tarifs', file: 'tarifs.html', title: 'Tarifs — Pilote', layout: 'layout.html' },
  { route: '/contact', file: 'contact.html', title: 'Contact — Pilote', layout: 'layout.html' },
  { route: '/en', file: 'en/home.html', title: 'Pilote — the CRM that qualifies your leads', layout: 'layout.en.html' },
  { route: '/en/products/pilote-crm', file: 'en/product-crm.html', title: 'Pilote CRM — Products', layout: 'layout.en.html' },
  { route: '/en/products/pilote-campaigns', file: 'en/product-campaigns.html', title: 'Pilote Campaigns — Products', layout: 'layout.en.html' },
  { route: '/en/pricing', file: 'en/pricing.html', title: 'Pricing — Pilote', layout: 'layout.en.html' },
  { route: '/en/contact', file: 'en/contact.html', title: 'Contact — Pilote', layout: 'layout.en.html' },
];

const ASSETS: Record<string, string> = {
  '/demo/site.css': 'text/css; charset=utf-8',
  '/demo/tarifs.js': 'application/javascript; charset=utf-8',
};

/**
 * The page's CSP: scripts from this server and the page's own inline scripts (by hash), the widget's
 * injected styles, connections back to this server only, never framed.
 */
function pagePolicy(html: string): string {
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${inline.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function mountDemoSite(server: Server): Mounted {
  const dir = webAssetPath('demo');
  const cache = new Map<string, Promise<Buffer>>();
  const load = (key: string, build: () => Promise<Buffer>): Promise<Buffer> => {
    let cached = cache.get(key);
    if (!cached) cache.set(key, (cached = build()));
    return cached;
  };

  for (const page of DEMO_PAGES) {
    server.get(page.route, async (_req, res) => {
      const html = await load(page.route, async () => {
        const [layout, content] = await Promise.all([readFile(path.join(dir, page.layout), 'utf8'), readFile(path.join(dir, 'pages', page.file), 'utf8')]);
        return Buffer.from(layout.replace('{{title}}', page.title).replace('{{content}}', content));
      });
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': String(html.length),
        'cache-control': 'no-cache',
        'content-security-policy': pagePolicy(html.toString('utf8')),
      });
      res.end(html);
    });
  }
  for (const [route, type] of Object.entries(ASSETS)) {
    server.get(route, async (_req, res) => {
      const body = await load(route, () => readFile(path.join(dir, path.basename(route))));
      res.writeHead(200, { 'content-type': type, 'content-length': String(body.length), 'cache-control': 'public, max-age=300' });
      res.end(body);
    });
  }
  return ROUTES_ONLY;
}
