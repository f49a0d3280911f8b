// The schema the migrations build, audited for what a distributed MySQL engine asks (docs/scaling.md): a primary key
// on every table (Galera replicates rows by it, and deletes without one are refused or slow), no triggers, views or
// routines (TiDB has none; binlogged MariaDB asks SUPER for them), every index within the 3,072-byte key of InnoDB
// and TiDB and over no TEXT or BLOB column, InnoDB and utf8mb4 throughout on MariaDB. And no code that takes a named
// lock or locks tables (neither reaches the other nodes of a Galera cluster).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { isMysql, type Db } from '../../server/lib/db.ts';
import { testApp } from '../helpers/test-app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** knex's own bookkeeping is not the application's schema. */
const OURS = (name: string) => !/^(knex_|sqlite_)/.test(name);

async function rows(db: Db, sql: string, bindings: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const out = await db.raw(sql, bindings as never[]);
  return (isMysql(db) ? out[0] : out) as Array<Record<string, unknown>>;
}

async function tables(db: Db): Promise<string[]> {
  const list = isMysql(db)
    ? await rows(
        db,
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`,
      )
    : await rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  return list.map((r) => String(r.name)).filter(OURS);
}

/** Every .ts file under the folder, recursively. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('schema audit: what Galera, TiDB and OceanBase ask of the schema', () => {
  let db: Db;

  before(async () => {
    db = (await testApp()).services.db;
  });

  it('gives every table a primary key', async () => {
    const without: string[] = [];
    for (const table of await tables(db)) {
      const keyed = isMysql(db)
        ? await rows(
            db,
            `SELECT 1 FROM information_schema.table_constraints
             WHERE table_schema = DATABASE() AND table_name = ? AND constraint_type = 'PRIMARY KEY'`,
            [table],
          )
        : (await rows(db, `PRAGMA table_info(\`${table}\`)`)).filter((c) => Number(c.pk) > 0);
      if (!keyed.length) without.push(table);
    }
    expect(without).to.deep.equal([]);
  });

  it('has no triggers, views or stored routines', async () => {
    const found = isMysql(db)
      ? [
          ...(await rows(
            db,
            'SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE()',
          )),
          ...(await rows(
            db,
            'SELECT table_name AS name FROM information_schema.views WHERE table_schema = DATABASE()',
          )),
          ...(await rows(
            db,
            'SELECT routine_name AS name FROM information_schema.routines WHERE routine_schema = DATABASE()',
          )),
        ]
      : await rows(db, "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')");
    expect(found.map((r) => r.name)).to.deep.equal([]);
  });

  it('keeps every index over no TEXT or BLOB column and within 3,072 bytes (MariaDB)', async function () {
    if (!isMysql(db)) this.skip();
    const columns = await rows(
      db,
      `SELECT s.table_name AS t, s.index_name AS i, c.column_name AS col, c.data_type AS type,
              c.character_maximum_length AS chars, s.sub_part AS part
       FROM information_schema.statistics s JOIN information_schema.columns c
         ON c.table_schema = s.table_schema AND c.table_name = s.table_name AND c.column_name = s.column_name
       WHERE s.table_schema = DATABASE()`,
    );
    const bytes = new Map<string, number>();
    const long: string[] = [];
    for (const c of columns) {
      const key = `${String(c.t)}.${String(c.i)}`;
      if (/text|blob/.test(String(c.type))) long.push(`${key} (${String(c.col)})`);
      // utf8mb4: 4 bytes a character; numbers and dates at most 8.
      const size = c.chars === null ? 8 : 4 * Number(c.part ?? c.chars);
      bytes.set(key, (bytes.get(key) ?? 0) + size);
    }
    expect(long).to.deep.equal([]);
    expect([...bytes].filter(([, n]) => n > 3072)).to.deep.equal([]);
  });

  it('stores every table in InnoDB and every text in utf8mb4 (MariaDB)', async function () {
    if (!isMysql(db)) this.skip();
    const engines = await rows(
      db,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND engine <> 'InnoDB'",
    );
    const charsets = await rows(
      db,
      `SELECT CONCAT(table_name, '.', column_name) AS name FROM information_schema.columns
       WHERE table_schema = DATABASE() AND character_set_name IS NOT NULL AND character_set_name <> 'utf8mb4'`,
    );
    expect([...engines, ...charsets].map((r) => r.name)).to.deep.equal([]);
  });

  it('takes no named lock and locks no table in the code or the migrations', () => {
    const files = ['server', 'jobs', 'migrations'].flatMap((d) => sources(path.join(ROOT, d)));
    const found = files.filter((f) => /GET_LOCK\s*\(|LOCK\s+TABLES?\s/i.test(fs.readFileSync(f, 'utf8')));
    expect(found.map((f) => path.relative(ROOT, f))).to.deep.equal([]);
  });
});
