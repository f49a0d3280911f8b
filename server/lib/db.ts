// The knex factory and the transaction boundary. Times are stored as UTC strings
// 'YYYY-MM-DD HH:MM:SS.mmm' on both databases, so comparisons and ordering agree on SQLite and MariaDB.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../../config/default.ts';
import { CachingSqliteClient } from './sqlite-client.ts';

export type Db = Knex;
export type Executor = Knex | Knex.Transaction;

export function createDb(config: Pick<Config, 'dbClient' | 'dbFile' | 'databaseUrl'>): Db {
  if (config.dbClient === 'mysql') {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is required when DB_CLIENT=mysql');
    const url = new URL(config.databaseUrl);
    return knexFactory({
      client: 'mysql2',
      // An error's message names the statement with ? where the values were, never the values themselves.
      compileSqlOnError: false,
      connection: {
        host: url.hostname,
        port: url.port ? Number(url.port) : 3306,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.replace(/^\//, ''),
        charset: 'utf8mb4',
        timezone: 'Z',
        dateStrings: true,
        supportBigNumbers: true,
      },
      pool: { min: 0, max: 10 },
    });
  }
  if (config.dbFile !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(config.dbFile)), { recursive: true });
  return knexFactory({
    client: CachingSqliteClient as unknown as typeof Knex.Client,
    compileSqlOnError: false,
    connection: { filename: config.dbFile },
    useNullAsDefault: true,
    pool: {
      afterCreate(conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

export function isMysql(db: Executor): boolean {
  return db.client.config.client === 'mysql2';
}

/** Whether this executor is an open transaction (work given to it joins that transaction). */
export function isTransaction(db: Executor): boolean {
  return Boolean((db as Knex.Transaction).isTransaction);
}

/** A Date as stored: UTC 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function toDbTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function fromDbTime(v: string | Date | null | undefined): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  return new Date(v.replace(' ', 'T') + 'Z');
}

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'SQLITE_BUSY']);
const commitHooks = new WeakMap<Knex.Transaction, Array<() => void>>();

/**
 * Runs fn once the transaction has committed (at once outside a transaction). Live updates and other
 * after-effects use it so nobody hears of a change that was rolled back.
 */
export function onCommit(db: Executor, fn: () => void): void {
  if (!(db as Knex.Transaction).isTransaction) {
    fn();
    return;
  }
  const hooks = commitHooks.get(db as Knex.Transaction);
  if (hooks) hooks.push(fn);
  else commitHooks.set(db as Knex.Transaction, [fn]);
}

/**
 * Runs fn in a transaction, joining the caller's transaction when given one, so services compose.
 * A MySQL deadlock retries the whole transaction: InnoDB rolled it back entirely, so redoing it is safe.
 */
export async function withTransaction<T>(db: Executor, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction) return fn(db as Knex.Transaction);
  for (let attempt = 1; ; attempt++) {
    let outer: Knex.Transaction | undefined;
    try {
      const result = await (db as Knex).transaction((trx) => {
        outer = trx;
        return fn(trx);
      });
      for (const hook of commitHooks.get(outer!) ?? []) hook();
      return result;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt < 5 && code && RETRYABLE.has(code)) {
        await new Promise((r) => setTimeout(r, 5 * attempt));
        continue;
      }
      throw err;
    }
  }
}
