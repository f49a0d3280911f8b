import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import Koa from 'koa';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { uniq } from '../helpers/factories.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { errorHandler } from '../../server/http/middleware/error-handler.ts';
import type { Services } from '../../server/services.ts';
import { Scheduler } from '../../jobs/scheduler.ts';

// A database error must reach the log (and the jobs table) with its codes and the route, never with the values
// bound to it: the caller's number below is what the hostile tester found in the log.
describe('database errors in the log carry no values', () => {
  let s: Services;
  const table = `t_log_${Date.now() % 1_000_000}`;
  const phone = '13912345678';
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  const insertTwice = async () => {
    await s.db(table).insert({ phone });
    await s.db(table).insert({ phone }); // unique violation: MariaDB's message names the duplicate value
  };

  before(async () => {
    s = (await testApp()).services;
    await s.db.schema.createTable(table, (t) => {
      t.increments('id');
      t.string('phone', 32).unique();
    });
  });
  after(async () => {
    await s.db.schema.dropTableIfExists(table);
  });
  beforeEach(async () => {
    lines.length = 0;
    await s.db(table).del();
  });

  it(
    'logs a request that failed on the database with its ' + 'route and error code, not the number or the SQL values',
    async () => {
      const app = new Koa();
      app.use(errorHandler(logger));
      app.use(async (ctx) => {
        await insertTwice();
        ctx.body = 'never';
      });
      const server = http.createServer(app.callback());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const res = await fetch(
          `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/calls?phone=${phone}`,
          { method: 'POST' },
        );
        expect(res.status).to.equal(500);
        expect(await res.text()).not.to.contain(phone);
      } finally {
        await new Promise((r) => server.close(r));
      }
      const logged = lines.join('');
      expect(logged).to.contain('unhandled error');
      expect(logged).to.match(/ER_DUP_ENTRY|SQLITE_CONSTRAINT/);
      expect(logged).to.contain('/api/v1/calls');
      expect(logged).not.to.contain(phone);
      expect(logged).not.to.contain('5678');
      expect(logged).not.to.contain('bindings');
    },
  );

  it('logs and stores a job that failed on the database without the values', async () => {
    const jobLogger = createLogger(
      'info',
      new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    // The suite's own services with a logger to read: a second graph built on the same handle would take over the
    // handle's escalation policy for the suites after this one.
    const services: Services = { ...s, logger: jobLogger };
    const name = uniq('failing-job');
    const scheduler = new Scheduler(services, [
      {
        name,
        schedule: '0 0 1 1 *',
        async run() {
          await insertTwice();
          return {};
        },
      },
    ]);
    expect(await scheduler.tick(name)).to.equal('failed');
    const logged = lines.join('');
    expect(logged).to.contain('job failed');
    expect(logged).to.match(/ER_DUP_ENTRY|SQLITE_CONSTRAINT/);
    expect(logged).not.to.contain(phone);
    const lease = await s.db('job_leases').where({ name }).first();
    expect(lease.last_error).to.be.a('string').and.not.contain(phone);
  });
});
