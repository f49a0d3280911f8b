// A job working through a backlog lets the requests arriving meanwhile run (server/lib/yield.ts): on SQLite every
// statement completes synchronously, so without it a run of the text sender held the whole service until it ended.
import { expect } from 'chai';
import { clock } from '../../server/lib/clock.ts';
import { isMysql, toDbTime } from '../../server/lib/db.ts';
import { outboxRepository } from '../../server/domain/outbox/outbox.repository.ts';
import { smsOutbox, type SmsMessage } from '../../server/domain/sms/sms-outbox.ts';
import { testApp } from '../helpers/test-app.ts';

// A Wednesday, 10:00 Beijing time: outside the quiet hours.
const T0 = new Date('2030-07-03T10:00:00+08:00');

describe('a job working through a backlog', () => {
  afterEach(() => clock.reset());

  it('lets a request arriving meanwhile run between its items, not after the last', async () => {
    const { services } = await testApp();
    clock.set(T0);
    const texts: SmsMessage[] = Array.from({ length: 200 }, (_, i) => ({
      to: `1370703${String(i).padStart(4, '0')}`,
      template: 'ticket_accepted',
      params: { number: `RX20300703${String(i).padStart(5, '0')}`, code: '123456', track_url: 'https://x.example/t' },
    }));
    await services.db.transaction((trx) => smsOutbox.enqueue(trx, texts, clock.now()));
    let finished = false;
    const run = services.outbox.sendDue().then((r) => {
      finished = true;
      return r;
    });
    // A timer set now stands for the request: it fires at the next turn of the event loop, which the run must give.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(finished, 'the run ended before anything else could run').to.equal(false);
    expect((await run).sms.sent).to.be.at.least(200);
  });

  it('claims each text by the status index, never sorting the whole backlog', async function () {
    const { services } = await testApp();
    // SQLite's planner says whether it sorts (MariaDB's choice on a small table says little).
    if (isMysql(services.db)) this.skip();
    const statements: string[] = [];
    const seen = (q: { sql: string }) => statements.push(q.sql);
    services.db.on('query', seen);
    try {
      const now = toDbTime(T0);
      await outboxRepository.claimNext(services.db, 'plan-test', now, now, { kind: 'sms', urgentOnly: true });
    } finally {
      services.db.off('query', seen);
    }
    const reads = statements.filter((sql) => /^select .* from `outbox`/i.test(sql) && /order by/i.test(sql));
    expect(reads).to.have.length.greaterThan(0);
    for (const sql of reads) {
      const plan = JSON.stringify(
        await services.db.raw(
          `EXPLAIN QUERY PLAN ${sql}`,
          sql
            .split('?')
            .slice(1)
            .map(() => 'x'),
        ),
      );
      expect(plan, sql).to.include('outbox_status_next_attempt_at_index').and.not.include('TEMP B-TREE');
    }
  });
});
