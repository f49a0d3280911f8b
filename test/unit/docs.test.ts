// The documents in docs/ are the project's own (a fresh clone has nothing else): every route the routers serve is in
// docs/api.md and api.md names no route that is gone, every link between the documents leads to a file that exists,
// and no file cites the product documents that used to live outside the repository.
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from '@koa/router';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROUTES_DIR = path.join(ROOT, 'server/http/routes');
const API_DOC = path.join(ROOT, 'docs/api.md');
// Served outside the routers of server/http/routes: the health check (server/app.ts) and the live hub's upgrade.
const OUTSIDE_ROUTERS = ['GET /healthz', 'GET /api/v1/live'];

/**
 * Whatever a route builder asks of the services while registering its routes: building a router reads settings
 * (limits) but calls no service, so a stand-in that answers itself to everything is enough.
 */
const stub: unknown = new Proxy(function stand() {}, {
  get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 1 : stub),
  apply: () => stub,
});

/** `METHOD /path` of every route, as api.md writes it: under /api/v1 without the prefix, Open311 with its own. */
async function servedRoutes(): Promise<string[]> {
  const found = new Set<string>();
  for (const file of fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => f.endsWith('.routes.ts'))
    .sort()) {
    const mod = (await import(path.join(ROUTES_DIR, file))) as Record<string, unknown>;
    for (const [name, build] of Object.entries(mod)) {
      if (!name.endsWith('Routes') || typeof build !== 'function') continue;
      const router = (build as (s: unknown) => Router)(stub);
      for (const layer of router.stack) {
        const methods = layer.methods.filter((m) => m !== 'HEAD');
        // Catch-alls (Open311's unknown paths answer every method) and middleware-only layers are no endpoints.
        if (methods.length === 0 || methods.length > 4 || typeof layer.path !== 'string') continue;
        for (const method of methods) found.add(`${method} ${layer.path}`);
      }
    }
  }
  return [...found];
}

function markdownFiles(): string[] {
  const out = [path.join(ROOT, 'README.md')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) out.push(full);
    }
  };
  walk(path.join(ROOT, 'docs'));
  return out;
}

function* sources(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(full);
    } else if (/\.(ts|js|html|css|md|json|sh)$/.test(entry.name) || entry.name === 'run') yield full;
  }
}

describe('the documents', () => {
  it('list every route the routers serve in docs/api.md', async () => {
    const doc = fs.readFileSync(API_DOC, 'utf8');
    const routes = await servedRoutes();
    expect(routes.length, 'routes found in the routers').to.be.greaterThan(80);
    expect(
      routes.filter((r) => !doc.includes(`\`${r}\``)),
      'routes missing from docs/api.md',
    ).to.deep.equal([]);
  });

  it('name no route in docs/api.md that is not served', async () => {
    const doc = fs.readFileSync(API_DOC, 'utf8');
    const served = new Set([...(await servedRoutes()), ...OUTSIDE_ROUTERS]);
    const named = [...doc.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE) \/[^`\s?]*)`/g)].map((m) => m[1]);
    expect(
      named.filter((r) => !served.has(r)),
      'routes in docs/api.md that no router serves',
    ).to.deep.equal([]);
  });

  it('link only to files that exist (README and docs/)', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (!target || /^[a-z]+:/i.test(target)) continue; // an anchor in the same file, a web address
        const exists = fs.existsSync(path.resolve(path.dirname(file), target));
        if (!exists) broken.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it('name only files of the repository that exist', () => {
    // Folders the product writes at run time (bench/results/) are ignored by git: a fresh clone has none of them.
    const generated = fs
      .readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
      .split('\n')
      .filter((line) => /^[\w.-]+\/[\w./-]*\/$/.test(line.trim()))
      .map((line) => line.trim());
    const missing: string[] = [];
    for (const file of markdownFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/`((?:server|web|jobs|test|bench|migrations|config|docs|\.ci)\/[^`\s]*)`/g)) {
        const named = m[1].split('#')[0];
        if (/[<*…]|YYYY/.test(named)) continue; // a pattern, not a file
        if (generated.some((folder) => named.startsWith(folder))) continue;
        if (!fs.existsSync(path.join(ROOT, named))) missing.push(`${path.relative(ROOT, file)}: ${named}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it('are the ones cited: no file refers to the product documents outside the repository', () => {
    const outside = /\bSPEC\b|\bAPI\.md/;
    const offenders: string[] = [];
    const folders = ['server', 'web', 'test', 'bench', 'jobs', 'config', 'migrations', 'docs', '.ci'];
    const files = [
      'README.md',
      'package.json',
      ...folders.flatMap((folder) => [...sources(path.join(ROOT, folder))].map((f) => path.relative(ROOT, f))),
    ];
    for (const file of files.filter((f) => f !== 'test/unit/docs.test.ts')) {
      const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (outside.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim().slice(0, 80)}`);
      });
    }
    expect(offenders).to.deep.equal([]);
  });
});
