// Prints the schema the migrations build, in a form two runs can be diffed in: every table (knex's own bookkeeping
// left out) with its definition, columns, indexes and foreign keys. Used to prove that the squashed baseline builds
// exactly the schema of the chain it replaced, and useful whenever a migration should change nothing but one thing:
//
//   DB_CLIENT=sqlite DB_FILE=/tmp/a.sqlite npx tsx bench/schema-dump.ts > a.txt   (a fresh file)
//   DB_CLIENT=mysql DATABASE_URL=mysql://u:p@127.0.0.1:3306/empty_db npx tsx bench/schema-dump.ts > a.txt
//
// With `down` after it, the dump is taken after migrating up, all the way down and up again, which also proves
// every `down`. SQLite's sqlite_master text is printed as stored; MariaDB's SHOW CREATE TABLE without its
// AUTO_INCREMENT counter (a value, not schema).
import { loadConfig } from '../config/default.ts';
import { createDb, isMysql, type Db } from '../server/lib/db.ts';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';

const OWN = new Set(['knex_migrations', 'knex_migrations_lock', 'sqlite_sequence']);

async function sqliteSchema(db: Db): Promise<string[]> {
  const out: string[] = [];
  const tables: Array<{ name: string; sql: string }> = await db('sqlite_master')
    .where('type', 'table')
    .select('name', 'sql')
    .orderBy('name');
  for (const { name, sql } of tables.filter((t) => !OWN.has(t.name))) {
    out.push(`== ${name}`, sql);
    for (const c of await db.raw(`PRAGMA table_info(\`${name}\`)`)) {
      out.push(`column ${c.cid} ${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
    }
    const indexes: Array<{ name: string; unique: number; origin: string; partial: number }> = await db.raw(
      `PRAGMA index_list(\`${name}\`)`,
    );
    for (const ix of [...indexes].sort((a, b) => a.name.localeCompare(b.name))) {
      const cols: Array<{ name: string }> = await db.raw(`PRAGMA index_info(\`${ix.name}\`)`);
      out.push(
        `index ${ix.name} unique=${ix.unique} origin=${ix.origin} partial=${ix.partial} ` +
          `(${cols.map((c) => c.name).join(', ')})`,
      );
    }
    const fks: Array<Record<string, unknown>> = await db.raw(`PRAGMA foreign_key_list(\`${name}\`)`);
    for (const fk of [...fks].sort((a, b) => String(a.from).localeCompare(String(b.from)))) {
      out.push(`foreign ${fk.from} -> ${fk.table}.${fk.to} on_update=${fk.on_update} on_delete=${fk.on_delete}`);
    }
  }
  const indexSql: Array<{ name: string; sql: string | null }> = await db('sqlite_master')
    .where('type', 'index')
    .select('name', 'sql')
    .orderBy('name');
  for (const ix of indexSql) if (ix.sql) out.push(`== index ${ix.name}`, ix.sql);
  return out;
}

async function mysqlSchema(db: Db): Promise<string[]> {
  const out: string[] = [];
  const [tables] = await db.raw('SHOW TABLES');
  const names = (tables as Array<Record<string, string>>).map((r) => Object.values(r)[0]).sort();
  for (const name of names.filter((n) => !OWN.has(n))) {
    const [[row]] = await db.raw(`SHOW CREATE TABLE \`${name}\``);
    out.push(`== ${name}`, String(row['Create Table']).replace(/ AUTO_INCREMENT=\d+/, ''));
  }
  return out;
}

const db = createDb(loadConfig({ logLevel: 'silent', demoData: false }));
try {
  await migrateLatest(db);
  if (process.argv[2] === 'down') {
    await rollbackAll(db);
    await migrateLatest(db);
  }
  const lines = isMysql(db) ? await mysqlSchema(db) : await sqliteSchema(db);
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await db.destroy();
}
