// The pages people use. Each page is an HTML shell in web/pages/ and a TypeScript entry in web/src/pages/,
// bundled by esbuild into memory when the service starts (no build step to forget, nothing written to disk).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Router } from '@koa/router';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

let built: Promise<Map<string, Asset>> | null = null;

/** The bundles, built once per process: every app it serves shares them (the test run starts one per test file). */
export function buildAssets(): Promise<Map<string, Asset>> {
  built ??= bundle();
  return built;
}

async function bundle(): Promise<Map<string, Asset>> {
  const entries = fs
    .readdirSync(path.join(WEB, 'src/pages'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(WEB, 'src/pages', f));
  const result = await esbuild.build({
    entryPoints: [...entries, path.join(WEB, 'src/styles.css')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    outdir: '/assets',
    write: false,
    splitting: true,
    // Flat names: every file is served from /assets/<name>, so shared chunks must sit beside the entries.
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const body = Buffer.from(file.contents);
    assets.set(name, {
      body,
      gzip: gzipSync(body, { level: 9 }),
      type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    });
  }
  return assets;
}

/** Stable page addresses (docs/api.md "Pages") mapped to their HTML shells. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/rate/:token': 'rate.html',
  '/track': 'track.html',
  '/dashboard': 'dashboard.html',
  '/console': 'console.html',
  '/inbox': 'inbox.html',
  '/supervise': 'supervise.html',
  '/admin': 'admin.html',
  // 知识库: supervisors and administrators maintain the articles, a department's handlers their own.
  '/knowledge': 'knowledge.html',
  // The printable monthly bulletin (运行情况通报): /bulletin?month=YYYY-MM.
  '/bulletin': 'bulletin.html',
  // The published red/blue board, for anyone (department heads follow it from the publication mail):
  // /board?month=YYYY-MM.
  '/board': 'board.html',
  // Linked from the supervision and escalation mails.
  '/tickets/:id': 'ticket.html',
};

export function pageRoutes(assets: Map<string, Asset>): Router {
  const r = new Router();
  r.get('/assets/:name', (ctx) => {
    const asset = assets.get(ctx.params.name);
    if (!asset) return;
    // Compressed once at start: a page downloads about a third of its bytes (Chart.js: 62 KB instead of 170 KB).
    const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    const etag = gzip ? asset.etag.replace(/"$/, '-gz"') : asset.etag;
    ctx.vary('Accept-Encoding');
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', 'no-cache');
    if (ctx.get('if-none-match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = asset.type;
    if (gzip) ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzip ? asset.gzip : asset.body;
  });
  for (const [route, file] of Object.entries(PAGES)) {
    r.get(route, (ctx) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = fs.createReadStream(path.join(WEB, 'pages', file));
    });
  }
  return r;
}
