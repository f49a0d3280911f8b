// A database of its own for each test file, so a newcomer's suite cannot change what another suite counts. The run
// migrates one template (forward, all the way back and forward again, so every `down` is exercised), then:
// - SQLite: each file gets a copy of the template's file (milliseconds);
// - MariaDB: each file gets a database created from the template's own CREATE TABLE statements (foreign keys
//   included, which CREATE TABLE LIKE would drop) and the rows the migrations wrote. Creating one costs seconds, so
//   a process keeps the databases its finished files gave back and empties one for its next file instead.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/default.ts';
import mysql from 'mysql2/promise';
import { createDb, mysqlConnectionOf, type Db } from '../../server/lib/db.ts';
import { migrateLatest, rollbackAll } from '../../migrations/index.ts';

export type DbConfig = Pick<Config, 'dbClient' | 'dbFile' | 'databaseUrl'>;

export interface FileDatabase {
  config: DbConfig;
  /** The file is done with it: a SQLite file is removed, a MariaDB database kept for the process's next file. */
  release(): Promise<void>;
}

// One name per run, shared by the worker processes of a parallel run (they inherit it from the main process).
const RUN = (process.env.HOTLINE_TEST_RUN ??= randomBytes(3).toString('hex'));
let copies = 0;

/** The file's label in a SQLite file's name: letters, digits and underscores. */
const slug = (label: string) =>
  path
    .basename(label)
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .slice(0, 20);

export function isMysqlRun(): boolean {
  return process.env.TEST_DB === 'mysql';
}

/** A fresh database for one test file, copied from the run's template (migrated on first use). */
export function fileDatabase(label: string): Promise<FileDatabase> {
  copies += 1;
  const name = `${process.pid}_${copies}_${slug(label)}`; // SQLite's file, named for whoever reads a leftover one
  return isMysqlRun() ? mysqlDatabase() : sqliteCopy(name);
}

/** Builds the template now (a run's first file would otherwise pay for it inside its first test). */
export async function prepareTemplate(): Promise<void> {
  if (isMysqlRun()) await mysqlTemplate();
  else await sqliteTemplate();
}

/** At the run's end: removes the templates and the files' databases, the run's own and no one else's. */
export async function dropRunDatabases(): Promise<void> {
  fs.rmSync(runDir(), { recursive: true, force: true });
  if (!isMysqlRun() || !process.env.TEST_DATABASE_URL) return;
  const conn = await admin();
  try {
    for (const row of await rows(conn, 'SHOW DATABASES LIKE ?', [`${likeName(mysqlPrefix())}\\_%`])) {
      await conn.query(`DROP DATABASE IF EXISTS \`${String(Object.values(row)[0])}\``);
    }
  } finally {
    await conn.end();
  }
}

async function migrateTemplate(db: Db): Promise<void> {
  await migrateLatest(db);
  await rollbackAll(db);
  await migrateLatest(db);
}

// ---- SQLite: copy the file

const runDir = () => path.join(os.tmpdir(), `hotline-test-${RUN}`);
let sqliteBuilt: Promise<string> | null = null;

function sqliteTemplate(): Promise<string> {
  sqliteBuilt ??= (async () => {
    const file = path.join(runDir(), 'template.sqlite');
    if (fs.existsSync(file)) return file; // another worker of the run built it
    const own = path.join(runDir(), `template-${process.pid}.sqlite`);
    const db = createDb({ dbClient: 'sqlite', dbFile: own, databaseUrl: undefined });
    try {
      await migrateTemplate(db);
    } finally {
      await db.destroy(); // closing the last connection folds the write-ahead log into the file
    }
    fs.renameSync(own, file); // whole or not at all, for a worker copying it at the same moment
    return file;
  })();
  return sqliteBuilt;
}

async function sqliteCopy(name: string): Promise<FileDatabase> {
  const template = await sqliteTemplate();
  const dbFile = path.join(runDir(), `${name}.sqlite`);
  fs.copyFileSync(template, dbFile);
  return {
    config: { dbClient: 'sqlite', dbFile, databaseUrl: undefined },
    release: async () => {
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

// ---- MariaDB: create a database from the template's statements, or empty one a finished file gave back

interface MysqlTemplate {
  name: string;
  tables: string[];
  creates: string[];
  /** Copies of the rows the migrations wrote (knex's bookkeeping, seeded rows), into the database in use. */
  fills: string[];
  /** The triggers, created after the tables (a database emptied for reuse keeps its own). */
  triggers: string[];
}

function baseUrl(): URL {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=mysql needs TEST_DATABASE_URL');
  return new URL(url);
}

const urlFor = (database: string) => Object.assign(baseUrl(), { pathname: `/${database}` }).toString();
const mysqlPrefix = () => `${decodeURIComponent(baseUrl().pathname.slice(1))}_${RUN}`;
const likeName = (name: string) => name.replace(/_/g, '\\_');

/** One session outside any test database, for creating and dropping them (a named lock holds for the session). */
function admin(): Promise<mysql.Connection> {
  const { host, port, user, password } = mysqlConnectionOf(baseUrl().toString());
  return mysql.createConnection({ host, port, user, password, charset: 'utf8mb4', multipleStatements: true });
}

async function rows(conn: mysql.Connection, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await conn.query(sql, values))[0] as Record<string, unknown>[];
}

async function tablesOf(conn: mysql.Connection, database: string): Promise<string[]> {
  return (
    await rows(
      conn,
      `SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name`,
      [database],
    )
  ).map((r) => String(r.t));
}

let mysqlBuilt: Promise<MysqlTemplate> | null = null;

function mysqlTemplate(): Promise<MysqlTemplate> {
  mysqlBuilt ??= (async () => {
    const name = `${mysqlPrefix()}_template`;
    const conn = await admin();
    try {
      // The run's workers build it once: the others wait on the lock, then find it built.
      await conn.query('SELECT GET_LOCK(?, 900)', [name]);
      if (!(await rows(conn, 'SHOW DATABASES LIKE ?', [likeName(name)])).length) {
        await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        const db = createDb({ dbClient: 'mysql', dbFile: '', databaseUrl: urlFor(name) });
        try {
          await migrateTemplate(db);
        } finally {
          await db.destroy();
        }
      }
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
      const tables = await tablesOf(conn, name);
      const creates: string[] = [];
      const fills: string[] = [];
      for (const table of tables) {
        creates.push(String((await rows(conn, `SHOW CREATE TABLE \`${name}\`.\`${table}\``))[0]!['Create Table']));
        if (!(await rows(conn, `SELECT 1 FROM \`${name}\`.\`${table}\` LIMIT 1`)).length) continue;
        fills.push(`INSERT INTO \`${table}\` SELECT * FROM \`${name}\`.\`${table}\``);
      }
      const triggers: string[] = [];
      const named = await rows(
        conn,
        'SELECT trigger_name AS t FROM information_schema.triggers WHERE trigger_schema = ?',
        [name],
      );
      for (const { t } of named) {
        const [row] = await rows(conn, `SHOW CREATE TRIGGER \`${name}\`.\`${String(t)}\``);
        triggers.push(String(row!['SQL Original Statement']));
      }
      return { name, tables, creates, fills, triggers };
    } finally {
      await conn.end();
    }
  })();
  return mysqlBuilt;
}

/**
 * This process's databases that no file uses now. Creating one costs seconds (InnoDB writes a file per table, 3-4 s
 * for the schema on a loaded machine, and dropping it 1-2 s more); emptying one a file gave back costs a fraction.
 */
const free: string[] = [];
let created = 0;

async function mysqlDatabase(): Promise<FileDatabase> {
  const template = await mysqlTemplate();
  const reused = free.pop();
  const name = reused ?? `${mysqlPrefix()}_${process.pid}_${++created}`;
  const conn = await admin();
  try {
    let statements: string[];
    if (reused) {
      // Back to the template's rows: every table emptied, and a table a file made for itself dropped.
      const extra = (await tablesOf(conn, name)).filter((t) => !template.tables.includes(t));
      statements = [...extra.map((t) => `DROP TABLE \`${t}\``), ...template.tables.map((t) => `DELETE FROM \`${t}\``)];
    } else {
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      statements = [...template.creates, ...template.triggers];
    }
    // Tables refer to each other: created or emptied in name order, with the references checked at the end.
    await conn.query(
      [
        `USE \`${name}\``,
        'SET FOREIGN_KEY_CHECKS = 0',
        ...statements,
        ...template.fills,
        'SET FOREIGN_KEY_CHECKS = 1',
      ].join(';\n'),
    );
  } catch (err) {
    if (!reused) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
    throw err;
  } finally {
    await conn.end();
  }
  return {
    config: { dbClient: 'mysql', dbFile: '', databaseUrl: urlFor(name) },
    // Given back for the process's next file; the run drops them all at its end (dropRunDatabases).
    release: async () => {
      free.push(name);
    },
  };
}
