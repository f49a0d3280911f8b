// The SQL a piece of work runs, for tests of how many statements a write takes (a batch's round trips).
import type { Db } from '../../server/lib/db.ts';

/** The SQL texts `db` (and its transactions) ran while `run` ran, in order, as knex's query events report them. */
export async function statementsDuring(db: Db, run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (q: { sql: string }) => seen.push(q.sql);
  db.on('query', listen);
  try {
    await run();
  } finally {
    db.off('query', listen);
  }
  return seen;
}
