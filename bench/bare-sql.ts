// The bare limit of a figure, report or leaderboard read: the same SQL statements the service ran for one request
// (captured from knex's query events, the session check included), replayed in order on one connection of the
// driver alone (mysql2, or better-sqlite3 with its statements prepared once as the service's client keeps them),
// with no HTTP, routing, validation or JSON. Used by bench/figures.bench.ts when bench/run.ts asks for the table.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import mysql from 'mysql2/promise';
import { mysqlConnectionOf, type Db } from '../server/lib/db.ts';
import { peakRssMb, report } from './support.ts';

interface Statement {
  sql: string;
  bindings: unknown[];
}

export interface BareFigure {
  statements: number;
  p50: number;
  p99: number;
}

type Run = (s: Statement) => Promise<unknown>;

/** better-sqlite3 ships no typings (knex drives it in the service): the little used here. */
interface SqliteStatement {
  reader: boolean;
  all(...args: unknown[]): unknown;
  run(...args: unknown[]): unknown;
}
type SqliteDatabase = new (
  file: string,
  opts: { readonly: boolean },
) => { prepare(sql: string): SqliteStatement; close(): void };
const Database = createRequire(import.meta.url)('better-sqlite3') as SqliteDatabase;

/** Opens a bare connection to the database the service uses; close() when done. */
export async function bareConnection(config: { dbClient: string; dbFile: string; databaseUrl?: string | null }) {
  if (config.dbClient === 'mysql') {
    const conn = await mysql.createConnection({
      ...mysqlConnectionOf(config.databaseUrl!),
      charset: 'utf8mb4',
      dateStrings: true,
      supportBigNumbers: true,
    });
    const run: Run = (s) => conn.query(s.sql, s.bindings);
    return { run, close: () => conn.end() };
  }
  const sqlite = new Database(config.dbFile, { readonly: true });
  const prepared = new Map<string, SqliteStatement>();
  const run: Run = async (s) => {
    let stmt = prepared.get(s.sql);
    if (!stmt) prepared.set(s.sql, (stmt = sqlite.prepare(s.sql)));
    const args = s.bindings.map((b) => (typeof b === 'boolean' ? Number(b) : b));
    return stmt.reader ? stmt.all(...args) : stmt.run(...args);
  };
  return { run, close: async () => sqlite.close() };
}

/** The statements one call of `request` makes through db. */
export async function capture(db: Db, request: () => Promise<void>): Promise<Statement[]> {
  const statements: Statement[] = [];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) =>
    statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', onQuery);
  try {
    await request();
  } finally {
    db.off('query', onQuery);
  }
  return statements;
}

/** Replays the statements `iterations` times after a warm-up: p50 and p99 of one replay in ms. */
export async function replay(run: Run, statements: Statement[], iterations: number): Promise<BareFigure> {
  const once = async () => {
    for (const s of statements) await run(s);
  };
  for (let i = 0; i < 10; i++) await once();
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await once();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2));
  return { statements: statements.length, p50: at(0.5), p99: at(0.99) };
}

let bare: ReturnType<typeof bareConnection> | null = null;

/** Reports a read timed by the benchmark (ms sorted) beside its bare replay, when bench/run.ts collects results. */
export async function reportRead(
  db: Db,
  config: Parameters<typeof bareConnection>[0],
  label: string,
  ms: number[],
  request: () => Promise<void>,
  extra: Record<string, unknown>,
): Promise<void> {
  if (!process.env.BENCH_JSON) return;
  bare ??= bareConnection(config);
  const statements = await capture(db, request);
  const b = await replay((await bare).run, statements, ms.length);
  // The replay left the benchmark's keep-alive connection idle past the server's timeout: one request that may
  // meet the closed socket (ECONNRESET), so the next timed read opens a fresh one.
  await request().catch(() => request());
  const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(2));
  report('figures', {
    label,
    p50: at(0.5),
    p99: at(0.99),
    max: ms[ms.length - 1],
    bareP50: b.p50,
    bareP99: b.p99,
    statements: b.statements,
    ...extra,
    rssMb: peakRssMb(process.pid),
  });
}

export async function closeBare(): Promise<void> {
  if (bare) await (await bare).close();
  bare = null;
}
