// What each page downloads on a first visit: its HTML shell, every stylesheet it links and every script it loads,
// following the bundles' imports of shared chunks, raw and gzip-compressed (as a proxy or the browser's
// Content-Encoding would carry them). Built the way the service builds them at start.
//   npx tsx bench/page-weight.bench.ts
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAssets } from '../server/http/pages.ts';

const assets = await buildAssets();
const pagesDir = path.resolve('web/pages');

/** A script and every chunk it imports, each counted once. */
function withImports(name: string, seen: Set<string>): void {
  if (seen.has(name) || !assets.has(name)) return;
  seen.add(name);
  const code = assets.get(name)!.body.toString('utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["']\.\/([\w.-]+\.js)["']/g)) withImports(m[1], seen);
}

const rows: Array<{ page: string; files: number; raw: number; gz: number }> = [];
for (const file of fs
  .readdirSync(pagesDir)
  .filter((f) => f.endsWith('.html'))
  .sort()) {
  const html = fs.readFileSync(path.join(pagesDir, file));
  const text = html.toString('utf8');
  const seen = new Set<string>();
  for (const m of text.matchAll(/\/assets\/([\w.-]+\.(?:js|css))/g)) {
    if (m[1].endsWith('.css')) seen.add(m[1]);
    else withImports(m[1], seen);
  }
  const bodies = [html, ...[...seen].map((n) => assets.get(n)?.body ?? Buffer.alloc(0))];
  rows.push({
    page: file,
    files: bodies.length,
    raw: bodies.reduce((s, b) => s + b.length, 0),
    gz: bodies.reduce((s, b) => s + gzipSync(b).length, 0),
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log('page'.padEnd(18), 'files', '      raw', '     gzip');
for (const r of rows) console.log(r.page.padEnd(18), String(r.files).padStart(5), kb(r.raw), kb(r.gz));
