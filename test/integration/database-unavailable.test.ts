// A database that cannot be reached, or that went away during a COMMIT, answers 503 with what to do next
// (docs/api.md): a review device, the telephone system or a script sends again, which a bare 500 does not tell it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import knex from 'knex';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { isMysqlRun } from '../helpers/test-databases.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { errorHandler } from '../../server/http/middleware/error-handler.ts';
import mysql from 'mysql2/promise';
import { mysqlConnectionOf, withTransaction, type Db } from '../../server/lib/db.ts';
import type { Services } from '../../server/services.ts';

/** Serves `handle` behind the service's error handler on a real port; answers one GET's status, headers and body. */
async function answerOf(handle: () => Promise<unknown>) {
  const app = new Koa();
  app.use(errorHandler(createLogger(process.env.DBG ? 'info' : 'silent')));
  app.use(async (ctx) => {
    ctx.body = await handle();
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  } finally {
    server.close();
  }
}

describe('a database out of reach answers 503', () => {
  it('says DATABASE_UNAVAILABLE, with Retry-After, when no connection can be made', async () => {
    // Port 1 on this machine: nothing listens, the connection is refused at once.
    const gone = knex({
      client: 'mysql2',
      connection: { host: '127.0.0.1', port: 1, user: 'nobody', password: 'none', database: 'none' },
      acquireConnectionTimeout: 3000,
      pool: { min: 0, max: 1 },
    });
    try {
      const res = await answerOf(() => withTransaction(gone as Db, (trx) => trx.raw('select 1')));
      expect(res.status).to.equal(503);
      expect(res.retryAfter).to.equal('1');
      expect(res.body.error.code).to.equal('DATABASE_UNAVAILABLE');
      expect(res.body.error.message).to.contain('数据库暂时无法连接');
    } finally {
      await gone.destroy();
    }
  });

  describe('on MariaDB, a connection lost inside a transaction', () => {
    let services: Services;
    let other: mysql.Connection;
    const table = `t_gone_${Date.now() % 1_000_000}`;
    const rowsNow = async () => Number((await services.db(table).count({ n: '*' }))[0].n);
    const stateOf = async (id: number) =>
      ((await other.query('SELECT info FROM information_schema.processlist WHERE id = ?', [id]))[0] as any[])[0];

    before(async function () {
      // Only a server connection can be lost between statements or during a COMMIT; SQLite is a file.
      if (!isMysqlRun()) this.skip();
      services = (await testApp()).services;
      other = await mysql.createConnection(mysqlConnectionOf(services.config.databaseUrl!));
      await services.db.schema.createTable(table, (t) => {
        t.increments('id');
        t.string('note', 32);
      });
    });
    after(async () => {
      if (!isMysqlRun()) return;
      await services.db.schema.dropTableIfExists(table);
      await other.end();
    });

    it('runs the transaction again when its connection was ended between two statements', async () => {
      let bodies = 0;
      const res = await answerOf(() =>
        withTransaction(services.db, async (trx) => {
          bodies++;
          await trx(table).insert({ note: 'first' });
          const [[own]] = await trx.raw('SELECT CONNECTION_ID() AS id');
          // The first time, another connection ends this one (a node restarting): the next statement fails.
          if (bodies === 1) await other.query('KILL ?', [own.id]);
          await trx(table).insert({ note: 'second' });
          return { done: true };
        }),
      );
      expect(res.status).to.equal(200);
      // Once more at least (a pooled connection the kill left behind may fail one attempt more), committed once.
      expect(bodies).to.be.at.least(2);
      expect(await rowsNow()).to.equal(2);
    });

    it('says COMMIT_UNKNOWN when the connection is lost during COMMIT, and does not run it again', async () => {
      await services.db(table).del();
      let commits = 0;
      let killed: Promise<void> = Promise.resolve();
      const res = await answerOf(() =>
        withTransaction(services.db, async (trx) => {
          await trx(table).insert({ note: 'during' });
          const [[own]] = await trx.raw('SELECT CONNECTION_ID() AS id');
          // A global read lock holds every COMMIT: once this one waits on it, its connection is ended.
          await other.query('FLUSH TABLES WITH READ LOCK');
          commits++;
          killed = (async () => {
            try {
              // Until its COMMIT shows (or its connection is gone some other way, which the answer then tells).
              for (let p = await stateOf(own.id); p; p = await stateOf(own.id)) {
                if (/^commit/i.test(p.info ?? '')) {
                  await other.query('KILL ?', [own.id]);
                  break;
                }
                await new Promise((r) => setImmediate(r));
              }
            } finally {
              await other.query('UNLOCK TABLES');
            }
          })();
        }),
      );
      await killed;
      expect(res.status).to.equal(503);
      expect(res.retryAfter).to.equal('1');
      expect(res.body.error.code).to.equal('COMMIT_UNKNOWN');
      expect(res.body.error.message).to.contain('Idempotency-Key');
      // The attempt that sent its COMMIT is the last: whether it landed is not known, so it is not run again.
      expect(commits).to.equal(1);
      // Truly unknown: most often the kill ends the COMMIT, sometimes the lock is released first and it lands. Never
      // twice.
      expect(await rowsNow()).to.be.at.most(1);
    });
  });
});
