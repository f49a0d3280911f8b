// Fuzz of every route's body, query and path parameters. The routes are read from the routers themselves (every
// `*Routes` function of server/http/routes), so a new route is fuzzed without being listed here. Each request goes
// as a signed-in administrator, supervisor, operator or handler, or nobody; whatever it carries (wrong types, huge
// strings, deep nesting, broken UTF-8, SQL and script payloads), the answer is a 4xx with the docs/api.md error shape,
// never a 5xx, and the records stay as they were. FC_SEED=<seed> replays a run; FC_RUNS=<n> generates more per route.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import type { Router } from '@koa/router';
import { testApp } from '../helpers/test-app.ts';
import { Client } from '../helpers/http.ts';
import { hotline, type Hotline } from '../helpers/tickets.ts';
import { runs } from '../helpers/property.ts';
import { forgetUnitTree } from '../../server/domain/departments/unit-tree.ts';

interface Route {
  method: string;
  path: string;
}

const ROUTES_DIR = path.resolve(import.meta.dirname, '../../server/http/routes');
// What a refused request may still write: the audit of a refusal, sessions, and the throttles and counters of
// guessing that exist to remember refused attempts.
const UNCOUNTED = /^(knex_|sqlite_)|^(audit_log|sessions|login_throttles|lookup_guesses|job_runs|job_leases)$/;
// POST /auth/logout takes no input and ends the session whatever it is sent.
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

async function enumerateRoutes(services: unknown): Promise<Route[]> {
  const found: Route[] = [];
  for (const file of fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => f.endsWith('.routes.ts'))
    .sort()) {
    const mod = await import(path.join(ROUTES_DIR, file));
    for (const [name, build] of Object.entries(mod)) {
      if (!name.endsWith('Routes') || typeof build !== 'function') continue;
      const router = (build as (s: unknown) => Router)(services);
      // Open311 carries its own prefix; the rest live under /api/v1 (server/app.ts).
      const prefix = name === 'open311Routes' ? '' : '/api/v1';
      for (const layer of router.stack) {
        const methods = layer.methods.filter((m) => m !== 'HEAD');
        // Catch-alls (Open311's unknown paths answer every method) and middleware-only layers.
        if (methods.length === 0 || methods.length > 4) continue;
        for (const method of methods) {
          const route = { method, path: prefix + layer.path };
          if (!SKIPPED.has(`${method} ${route.path}`)) found.push(route);
        }
      }
    }
  }
  return found;
}

/** Well-formed parameters naming nothing that exists, so a route that ignores its body still refuses. */
const WELL_FORMED: Record<string, string> = {
  id: '999999',
  requestId: '999999',
  kind: 'returns',
  month: '2999-01',
  year: '2999',
  date: '2999-01-04',
  format: 'png',
  code: 'no-such-service',
  token: 'no-such-token',
  number: 'H20991231000001',
};
const fill = (p: string, value: (name: string) => string) =>
  p.replace(/:([A-Za-z]+)/g, (_, name: string) => value(name));

// Parameters that name nothing: some are not even valid percent-encoding or numbers.
const BAD_PARAMS = [
  '0',
  '-1',
  'abc',
  '1e3',
  '99999999999999999999',
  "1' OR '1'='1",
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '<script>',
  '%00',
];

const SQL = [
  "' OR '1'='1",
  '1; DROP TABLE tickets; --',
  "' UNION SELECT password_hash FROM users --",
  '`; DELETE FROM users; #',
];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}${7*7}'];
const HUGE = 'x'.repeat(70_000);
const EMOJI = '😀'.repeat(20_000);

/** Values no field takes: wrong types, out-of-range numbers, strings longer than any limit, nested structures. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(-1, 0, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, HUGE, EMOJI),
  fc.array(fc.constantFrom(...SQL, ...SCRIPT), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...SQL, ...SCRIPT, 'a'), fc.constantFrom(...SQL, 1, true), { minKeys: 1, maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v === 'object' && v !== null),
);
const FIELDS = [
  'version',
  'department_id',
  'title',
  'description',
  'name',
  'username',
  'password',
  'role',
  'score',
  'approve',
  'days',
  'reason',
  'note',
  'resolution',
  'caller_phone',
  'phone',
  'channel',
  'type',
  'window_id',
  'email',
  'group',
  'body',
  'content',
  'workday',
  'days_off',
  'token',
  'external_id',
  'staff_id',
  'from',
  'to',
  'month',
  'category_id',
  'into_ticket_id',
];
/**
 * A body: some known field names with wrong values, and always one field no schema knows (rejected: strict
 * schemas).
 */
const body = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELDS), wrongValue, { maxKeys: 4 }),
    fc.constantFrom(...SQL, ...SCRIPT, 'constructor', 'x'.repeat(300), '\u0000'),
    wrongValue,
  )
  .map(([known, unknownKey, value]) => ({ ...known, [unknownKey]: value }));

const QUERY_KEYS = [
  'page',
  'per_page',
  'from',
  'to',
  'q',
  'status',
  'month',
  'date',
  'department_id',
  'group',
  'type',
  'sort',
  'kind',
  'year',
  'format',
  'phone',
  'period',
];
// Well-formed values beside the garbage, so one bad parameter meets good others (from=../&to=2026-11-30).
const queryValue = fc.constantFrom(
  '2026-11-01',
  '2026-11-30',
  '2026-11',
  '1',
  '20',
  '../',
  '-1',
  '0',
  '1e999',
  'NaN',
  '2026-13-45',
  '9999-99',
  '%',
  '%E0%A4%A',
  '\u0000',
  'x'.repeat(5000),
  ...SQL,
  ...SCRIPT,
);
const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS, ...SQL), queryValue), { minLength: 1, maxLength: 4 })
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&'),
  );

// Bodies no JSON route takes, each sent raw: not an object, broken UTF-8, unfinished JSON, nested past sense, too big.
const RAW_BODIES: Array<{ name: string; data: string | Buffer }> = [
  { name: 'array', data: '[]' },
  { name: 'string', data: '"text"' },
  { name: 'null', data: 'null' },
  { name: 'number', data: '42' },
  {
    name: 'broken UTF-8',
    data: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  },
  { name: 'unfinished JSON', data: '{"version": 1, "a": ' },
  { name: 'nested 5000 deep', data: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) },
  { name: 'over the body limit', data: JSON.stringify({ note: 'x'.repeat(300_000) }) },
];

const GENERATED_PER_ROUTE = 6;

describe('fuzz of every route (fast-check)', () => {
  let h: Hotline;
  let routes: Route[];
  let services: Awaited<ReturnType<typeof testApp>>['services'];
  let baseUrl: string;
  let clients: Array<[string, Client]>;
  const sent = { total: 0, byStatus: new Map<number, number>() };

  before(async function () {
    this.timeout(120_000);
    ({ services, baseUrl } = await testApp());
    h = await hotline();
    routes = await enumerateRoutes(services);
    clients = [
      ['admin', h.admin],
      ['supervisor', h.supervisor],
      ['operator', h.operator],
      ['handler', h.handler],
      ['nobody', new Client(baseUrl)],
    ];
  });

  async function tables(): Promise<string[]> {
    const rows =
      services.config.dbClient === 'mysql'
        ? (
            await services.db.raw(
              'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
            )
          )[0]
        : await services.db.raw("SELECT name FROM sqlite_master WHERE type = 'table'");
    return (rows as Array<{ name?: string; NAME?: string; TABLE_NAME?: string }>)
      .map((r) => r.name ?? r.NAME ?? r.TABLE_NAME!)
      .filter((n) => !UNCOUNTED.test(n))
      .sort();
  }

  /** Row counts of every table that holds records, in one query. */
  async function counts(names: string[]): Promise<Record<string, number>> {
    const sql = names.map((n) => `SELECT '${n}' AS t, COUNT(*) AS c FROM ${n}`).join(' UNION ALL ');
    const res = await services.db.raw(sql);
    const rows = (services.config.dbClient === 'mysql' ? res[0] : res) as Array<{ t: string; c: number }>;
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.c)]));
  }

  async function send(client: Client, method: string, url: string, data?: string | Buffer) {
    const headers: Record<string, string> = data === undefined ? {} : { 'content-type': 'application/json' };
    if (client.token) headers.authorization = `Bearer ${client.token}`;
    const res = await fetch(baseUrl + url, {
      method,
      headers,
      body: typeof data === 'string' || data === undefined ? data : new Uint8Array(data),
    });
    const text = await res.text();
    sent.total++;
    sent.byStatus.set(res.status, (sent.byStatus.get(res.status) ?? 0) + 1);
    return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
  }

  /**
   * Who gets past the route's role check to its input checks: a garbage body answers them 400 (not 401/403), a
   * plain GET answers them below 401. Fuzzing goes mostly to them, sometimes to anyone (refused by role).
   */
  async function reachers(method: string, url: string): Promise<Array<[string, Client]>> {
    const reach: Array<[string, Client]> = [];
    for (const c of clients) {
      const res = await send(c[1], method, url, method === 'GET' ? undefined : '[]');
      if (method === 'GET' ? res.status !== 401 && res.status !== 403 : res.status === 400) reach.push(c);
    }
    return reach.length ? reach : clients;
  }
  const anyone = (reach: Array<[string, Client]>) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...reach) },
      { weight: 1, arbitrary: fc.constantFrom(...clients) },
    );

  /** 4xx in the docs/api.md shape (Open311 answers in its own documented shape). */
  function refused(res: { status: number; text: string; type: string }, what: string) {
    const context = `${what}: ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, context).to.be.at.least(400).and.below(500);
    if (what.includes(' /open311/')) return;
    expect(res.type, context).to.include('application/json');
    const e = JSON.parse(res.text).error;
    expect(e?.code, context).to.match(/^[A-Z_]+$/);
    expect(e.message, context).to.be.a('string').and.not.equal('');
    expect(e.details, context).to.be.an('array');
  }

  it('finds the routes in the routers', () => {
    expect(routes.length).to.be.greaterThan(80);
    for (const r of [
      'POST /api/v1/tickets',
      'GET /api/v1/stats/calls',
      'POST /api/v1/knowledge',
      'POST /open311/v2/requests.json',
    ]) {
      expect(routes.map((x) => `${x.method} ${x.path}`)).to.include(r);
    }
  });

  it(
    `refuses garbage bodies on every route that takes one, storing nothing (${RAW_BODIES.length} raw + ` +
      `${GENERATED_PER_ROUTE} generated per route)`,
    async function () {
      this.timeout(300_000);
      const names = await tables();
      for (const route of routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method))) {
        const url = fill(route.path, (n) => WELL_FORMED[n] ?? '999999');
        const before = await counts(names);
        const reach = await reachers(route.method, url);
        for (const [i, raw] of RAW_BODIES.entries()) {
          const [who, client] = reach[i % reach.length];
          refused(await send(client, route.method, url, raw.data), `${who} ${route.method} ${url} with ${raw.name}`);
        }
        await fc.assert(
          fc.asyncProperty(anyone(reach), body, async ([who, client], b) => {
            refused(
              await send(client, route.method, url, JSON.stringify(b)),
              `${who} ${route.method} ${url} ${JSON.stringify(b).slice(0, 200)}`,
            );
          }),
          runs(GENERATED_PER_ROUTE),
        );
        expect(await counts(names), `${route.method} ${route.path} stored nothing`).to.deep.equal(before);
      }
    },
  );

  it(
    `answers garbage queries on every GET route with a 4xx or the page, never a 5xx (${GENERATED_PER_ROUTE} per ` +
      `route)`,
    async function () {
      this.timeout(300_000);
      const names = await tables();
      for (const route of routes.filter((r) => r.method === 'GET')) {
        const url = fill(route.path, (n) => (WELL_FORMED[n] ?? '1').replace('999999', '1'));
        const before = await counts(names);
        await fc.assert(
          fc.asyncProperty(anyone(await reachers('GET', url)), query, async ([who, client], q) => {
            const res = await send(client, 'GET', `${url}?${q}`, undefined);
            const what = `${who} GET ${url}?${q.slice(0, 200)}`;
            expect(res.status, `${what}: ${res.text.slice(0, 300)}`).to.be.below(500);
            // A route that reads no query may answer; one that refuses does so in the documented shape.
            if (res.status >= 400) refused(res, what);
          }),
          runs(GENERATED_PER_ROUTE),
        );
        expect(await counts(names), `${route.method} ${route.path} stored nothing`).to.deep.equal(before);
      }
    },
  );

  it('refuses path parameters that name nothing, on every route with one', async function () {
    this.timeout(300_000);
    const names = await tables();
    const before = await counts(names);
    for (const route of routes.filter((r) => r.path.includes('/:'))) {
      for (const [i, bad] of BAD_PARAMS.entries()) {
        const [who, client] = clients[(i + route.path.length) % 4];
        const url = route.path.replace(/:([A-Za-z]+)/g, () => (bad.includes('%') ? bad : encodeURIComponent(bad)));
        const data = ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined;
        refused(await send(client, route.method, url, data), `${who} ${route.method} ${url}`);
      }
    }
    expect(await counts(names)).to.deep.equal(before);
  });

  // Valid bodies with one text field replaced: the payload reaches the service and the database (column sizes,
  // character sets, lone surrogates, NUL), where a 5xx would hide from the edge's checks above.
  const TEMPLATES: Array<{
    who: 'admin' | 'operator' | 'supervisor';
    path: string;
    body: () => Record<string, unknown>;
    fields: string[];
  }> = [
    {
      who: 'operator',
      path: '/api/v1/tickets',
      fields: ['title', 'description', 'address', 'caller_name'],
      body: () => ({
        channel: 'phone',
        type: 'complaint',
        title: 'fuzz qzxv',
        description: 'fuzz qzxv',
        address: `qzxv 路 ${Math.random()}`,
        caller_name: 'qzxv',
      }),
    },
    {
      who: 'supervisor',
      path: '/api/v1/knowledge',
      fields: ['title', 'body', 'keywords'],
      body: () => ({ title: 'fuzz qzxv', body: 'fuzz qzxv', keywords: ['qzxv'] }),
    },
    {
      who: 'admin',
      path: '/api/v1/departments',
      fields: ['name', 'group'],
      body: () => ({ name: `部门${Math.random()}`, group: '区县' }),
    },
    {
      who: 'admin',
      path: '/api/v1/windows',
      fields: ['name'],
      body: () => ({ department_id: h.dept.id, name: `窗口${Math.random()}` }),
    },
    { who: 'admin', path: '/api/v1/display-links', fields: ['name'], body: () => ({ name: '大屏' }) },
    { who: 'admin', path: '/api/v1/cti-keys', fields: ['name'], body: () => ({ name: '话务系统' }) },
  ];
  const payload = fc.oneof(
    fc.constantFrom(
      ...SQL,
      ...SCRIPT,
      '\ud800',
      'a\udfffb',
      '\u0000',
      ' ',
      '😀'.repeat(101),
      '😀'.repeat(20_001),
      'x'.repeat(5001),
      '=1+1',
    ),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
    fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 4 }),
  );
  const NEAR_VALID_RUNS = 12;

  it(`takes or refuses near-valid bodies whole, never a 5xx (${NEAR_VALID_RUNS} per create route)`, async function () {
    this.timeout(300_000);
    const names = await tables();
    const firstDept = Number((await services.db('departments').max({ m: 'id' }).first())?.m ?? 0);
    const firstWindow = Number((await services.db('windows').max({ m: 'id' }).first())?.m ?? 0);
    for (const t of TEMPLATES) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...t.fields), payload, async (field, value) => {
          const before = await counts(names);
          const b = { ...t.body(), [field]: value };
          const res = await send(h[t.who], 'POST', t.path, JSON.stringify(b));
          const what = `${t.who} POST ${t.path} ${field}=${JSON.stringify(value).slice(0, 120)}`;
          expect(res.status, `${what}: ${res.text.slice(0, 300)}`).to.be.below(500);
          if (res.status >= 400) {
            refused(res, what);
            expect(await counts(names), `${what} stored nothing`).to.deep.equal(before);
          } else {
            expect(res.status, what).to.equal(201);
          }
        }),
        runs(NEAR_VALID_RUNS),
      );
    }
    // The departments and windows taken here carry odd names into every later suite's reports and groups: gone again.
    await services.db('windows').where('id', '>', firstWindow).delete();
    await services
      .db('departments')
      .where('id', '>', firstDept)
      .whereNotExists((q) => q.select(1).from('windows').whereRaw('windows.department_id = departments.id'))
      .delete();
    // Deleted around the service: its copy of the units (unit-tree.ts) goes too.
    forgetUnitTree(services.db);
  });

  after(() => {
    console.log(
      `      fuzz: ${routes?.length ?? 0} routes, ${sent.total} requests, by status ` +
        `${JSON.stringify(Object.fromEntries(sent.byStatus))}`,
    );
  });
});
