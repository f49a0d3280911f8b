// The MariaDB buffer pool during `npm run bench`. Debian's default (128 MiB) holds a tenth of the figures' data set
// of 1 million orders: loading it ran at some 420 orders/s on a fresh machine (40 minutes and more, index pages read
// and written back at every insert) against 7,000-11,000 with the pool holding it, and its reads were not warm.
// Raised for the run when the server allows it (SET GLOBAL, a dynamic setting since 10.2; the benchmark's user needs
// the privilege), put back at the end, and said either way.
import mysql from 'mysql2/promise';
import { mysqlConnectionOf } from '../server/lib/db.ts';

const MIB = 2 ** 20;

/** Raises the pool to `wantedMib` if smaller; answers what was done and how to put it back. */
export async function raisePool(
  url: string,
  wantedMib: number,
): Promise<{ said: string; restore: () => Promise<void> }> {
  const c = await mysql.createConnection({ ...mysqlConnectionOf(url), database: undefined });
  try {
    const [[row]] = (await c.query('SELECT @@innodb_buffer_pool_size AS b')) as unknown as [[{ b: number }]];
    const before = Number(row.b);
    if (before >= wantedMib * MIB)
      return { said: `MariaDB buffer pool ${before / MIB} MiB`, restore: async () => undefined };
    try {
      await c.query('SET GLOBAL innodb_buffer_pool_size = ?', [wantedMib * MIB]);
    } catch (err) {
      return {
        said:
          `MariaDB buffer pool left at ${before / MIB} MiB (${(err as Error).message}): the figures' data set loads ` +
          `slowly and reads cold; raise innodb_buffer_pool_size to ${wantedMib} MiB or more`,
        restore: async () => undefined,
      };
    }
    return {
      said: `MariaDB buffer pool raised from ${before / MIB} to ${wantedMib} MiB for the run (put back at the end)`,
      restore: async () => {
        const back = await mysql.createConnection({ ...mysqlConnectionOf(url), database: undefined });
        await back.query('SET GLOBAL innodb_buffer_pool_size = ?', [before]).finally(() => back.end());
      },
    };
  } finally {
    await c.end();
  }
}
