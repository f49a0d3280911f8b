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
    return knexFactory({
      client: 'mysql2',
      // An error's message names the statement with ? where the values were, never the values themselves.
      compileSqlOnError: false,
      connection: {
        ...mysqlConnectionOf(config.databaseUrl),
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

export interface MysqlConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Where a mysql:// URL points, as mysql2 takes it: the user and password percent-decoded (a password may hold
 *  any character), the port 3306 when none is given. The session options are each caller's own. */
export function mysqlConnectionOf(databaseUrl: string): MysqlConnection {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
  };
}

export function isMysql(db: Executor): boolean {
  return db.client.config.client === 'mysql2';
}

/** Whether this executor is an open transaction (work given to it joins that transaction). */
export function isTransaction(db: Executor): db is Knex.Transaction {
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

/**
 * mysql2's refusal of a command on a connection already closed (the server or the node went between two
 * statements): an Error with no code, known by its message, named here.
 */
const CLOSED_STATE_MESSAGE = "Can't add new command when connection is in closed state";
const CLOSED_BEFORE_SENT = 'CONNECTION_CLOSED_BEFORE_SENT';

/**
 * Errors after which a transaction certainly did not commit, so running it again is safe. On MariaDB a deadlock
 * (1213) is also how a Galera cluster reports a certification failure at commit (another node committed a
 * conflicting write first) or a transaction aborted by a replicated one; a lock wait timeout (1205) and a node
 * that is not in the primary component ("WSREP has not yet prepared node for application use", 1047) refuse a
 * statement. Only a deadlock is trusted at COMMIT itself: anything else there (a connection lost, a node leaving
 * the cluster while the commit was replicated) leaves the outcome unknown, and doing it again could do it twice.
 */
const RETRY_IN_BODY = new Set([
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_UNKNOWN_COM_ERROR',
  'SQLITE_BUSY',
  // The connection broke before COMMIT was sent: the server rolled the transaction back when it went.
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ER_CONNECTION_KILLED',
  CLOSED_BEFORE_SENT,
]);
// A command refused because the connection had already closed was never sent: a COMMIT refused so never ran, and
// the server rolled the transaction back when the connection went.
const RETRY_AT_COMMIT = new Set(['ER_LOCK_DEADLOCK', 'SQLITE_BUSY', CLOSED_BEFORE_SENT]);
const ERRNO_CODES: Record<number, string> = {
  1213: 'ER_LOCK_DEADLOCK',
  1205: 'ER_LOCK_WAIT_TIMEOUT',
  1047: 'ER_UNKNOWN_COM_ERROR',
  // MariaDB's answer to a connection's next command after a KILL (a node shutting down, an administrator).
  1927: 'ER_CONNECTION_KILLED',
  // TiDB's optimistic conflicts, rolled back like a deadlock (mysql2 names no code for them): a write conflict, a
  // SELECT FOR UPDATE whose rows changed, a retryable storage error.
  9007: 'ER_LOCK_DEADLOCK',
  8002: 'ER_LOCK_DEADLOCK',
  8022: 'ER_LOCK_DEADLOCK',
};

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; errno?: number; message?: unknown } | null;
  if (typeof e?.message === 'string' && e.message.includes(CLOSED_STATE_MESSAGE)) return CLOSED_BEFORE_SENT;
  return e?.code ?? (e?.errno !== undefined ? ERRNO_CODES[e.errno] : undefined);
}

/** Whether a transaction that failed with err may run again; `atCommit` when the error came from its COMMIT. */
export function isRetryable(err: unknown, atCommit: boolean): boolean {
  const code = errorCode(err);
  return code !== undefined && (atCommit ? RETRY_AT_COMMIT : RETRY_IN_BODY).has(code);
}

/**
 * A write lost to a concurrent one: an InnoDB deadlock, or on Galera another node's conflicting commit. Where
 * losing the race has a meaning (a job lease another instance took), it is that answer, not an error.
 */
export function isWriteConflict(err: unknown): boolean {
  return errorCode(err) === 'ER_LOCK_DEADLOCK';
}

const unknownOutcome = new WeakSet<object>();

/**
 * Whether err ended a transaction during its COMMIT without saying whether it committed (the connection went, the
 * node left the cluster): writing the same thing again could store it twice, so a caller must not (group commit).
 */
export function commitOutcomeUnknown(err: unknown): boolean {
  return typeof err === 'object' && err !== null && unknownOutcome.has(err);
}

/**
 * Errors by which the database was not reached or went away (refused, reset, shut down, a Galera node outside the
 * primary component, no pooled connection in time): the request may be sent again (503), once withTransaction has
 * run out of its own attempts.
 */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CONNECTION_KILLED',
  CLOSED_BEFORE_SENT,
  'ER_UNKNOWN_COM_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

export function databaseUnreachable(err: unknown): boolean {
  const code = errorCode(err);
  return (code !== undefined && UNREACHABLE.has(code)) || (err as Error | null)?.name === 'KnexTimeoutError';
}

/** Attempts of one transaction: enough for three nodes' writers on one hot counter row to get through. */
export const MAX_ATTEMPTS = 12;

/** The wait before attempt `attempt + 1`: doubling from 5 ms up to 500 ms, drawn at random below that so writers
 *  that collided do not collide again in step. */
export function retryDelay(attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(500, 5 * 2 ** (attempt - 1)));
}

/**
 * Runs a statement of its own (autocommit, outside any transaction) again while it certainly did not apply: a
 * deadlock, or on Galera another node's commit that won the certification of this one. Galera retries such a
 * statement itself only wsrep_retry_autocommit times, which three writers on one hot row can use up. Inside a
 * transaction it runs once: the deadlock rolled the whole transaction back, which withTransaction runs again.
 */
export async function retryStatement<T>(db: Executor, fn: () => Promise<T>): Promise<T> {
  if (isTransaction(db)) return fn();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && isWriteConflict(err)) {
        await new Promise((r) => setTimeout(r, retryDelay(attempt)));
        continue;
      }
      throw err;
    }
  }
}

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
 * A transaction that certainly rolled back (isRetryable: a deadlock, a Galera certification failure...) runs again
 * from the start, so fn must keep its effects in the database or in onCommit hooks (which are per attempt: an
 * attempt rolled back runs none of its hooks); memory changed inside fn would be changed once per attempt.
 */
export async function withTransaction<T>(db: Executor, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction) return fn(db as Knex.Transaction);
  for (let attempt = 1; ; attempt++) {
    let outer: Knex.Transaction | undefined;
    let bodyDone = false;
    try {
      const result = await (db as Knex).transaction(async (trx) => {
        outer = trx;
        const out = await fn(trx);
        bodyDone = true;
        return out;
      });
      for (const hook of commitHooks.get(outer!) ?? []) hook();
      return result;
    } catch (err) {
      // A lock wait already waited innodb_lock_wait_timeout: once more, not a dozen times.
      const limit = errorCode(err) === 'ER_LOCK_WAIT_TIMEOUT' ? 2 : MAX_ATTEMPTS;
      if (attempt < limit && isRetryable(err, bodyDone)) {
        await new Promise((r) => setTimeout(r, retryDelay(attempt)));
        continue;
      }
      if (bodyDone && isRetryable(err, false) && !isRetryable(err, true) && typeof err === 'object' && err)
        unknownOutcome.add(err);
      throw err;
    }
  }
}
