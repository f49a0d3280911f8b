import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, type Hotline } from '../helpers/tickets.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb } from '../../server/lib/db.ts';
import { createServices, type Services } from '../../server/services.ts';
import type { SweepResult } from '../../server/domain/escalations/escalation.service.ts';

// Dispatched on Monday; by Wednesday 09:00 the sign-for deadline (Tuesday night) is missed: per ticket one red
// card (its yellow one recorded as superseded), one supervision order, one mail to the department.
const DISPATCH = '2026-11-16T09:00:00+08:00';
const SWEEP = new Date('2026-11-18T09:00:00+08:00');

/** Runs test/helpers/sweep-worker.ts: another instance in another process. */
function worker(s: Services, env: Record<string, string>, onLine?: (line: string, kill: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sweep-worker.ts'], {
    env: {
      ...process.env,
      DB_CLIENT: s.config.dbClient,
      DB_FILE: s.config.dbFile,
      DATABASE_URL: s.config.databaseUrl ?? '',
      NOW: SWEEP.toISOString(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let last = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (out + chunk.toString()).split('\n');
    out = lines.pop()!;
    for (const line of lines) onLine?.(line, () => child.kill('SIGKILL'));
    if (lines.length) last = lines[lines.length - 1];
  });
  return new Promise<{ code: number | null; signal: string | null; result: SweepResult | null }>((resolve) => {
    child.on('exit', (code, signal) =>
      resolve({ code, signal, result: last.startsWith('{') ? JSON.parse(last) : null }),
    );
  });
}

describe('escalation with several instances and crashes', () => {
  let h: Hotline;
  let s: Services;
  before(async () => {
    s = (await testApp()).services;
    h = await hotline();
  });

  async function dueTickets(n: number): Promise<number[]> {
    await h.travel(DISPATCH);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push((await dispatched(h, { type: 'help' })).id);
    return ids;
  }

  let numbers = new Map<number, string>();
  async function remember(ids: number[]) {
    numbers = new Map((await s.db('tickets').whereIn('id', ids).select('id', 'number')).map((r) => [r.id, r.number]));
  }

  /** Per ticket: [escalation rows, automatic supervision orders, mails] — [2, 1, 1] when done, [0, 0, 0] when not. */
  async function effects(ids: number[]) {
    const perTicket = async (table: string, where: (q: any) => any) =>
      new Map<number, number>(
        (
          await where(s.db(table).whereIn('ticket_id', ids)).groupBy('ticket_id').select('ticket_id').count({ n: '*' })
        ).map((r: any) => [Number(r.ticket_id), Number(r.n)] as [number, number]),
      );
    const esc = await perTicket('escalations', (q) => q);
    const sup = await perTicket('supervisions', (q) => q.where('automatic', true));
    const subjects: string[] = (await s.db('outbox').where('recipient', h.dept.email).select('subject')).map(
      (m) => m.subject,
    );
    return ids.map((id) => [
      esc.get(id) ?? 0,
      sup.get(id) ?? 0,
      subjects.filter((x) => x.includes(`工单${numbers.get(id)}`)).length,
    ]);
  }

  it('issues each card once when two instances sweep at the same time', async () => {
    const ids = await dueTickets(40);
    await remember(ids);
    const [a, b] = await Promise.all([worker(s, {}), worker(s, {})]);
    expect([a.code, b.code]).to.deep.equal([0, 0]);
    clock.set(SWEEP);
    await s.escalations.sweep(); // anything a busy database made one of them leave (none expected)
    expect(await effects(ids)).to.deep.equal(ids.map(() => [2, 1, 1]));
    expect(a.result!.red + b.result!.red).to.be.at.least(ids.length);
  });

  it('issues each card once when two services in one process sweep concurrently (MariaDB)', async function () {
    if (s.config.dbClient !== 'mysql') this.skip(); // SQLite in one process: one writer, nothing to race
    const ids = await dueTickets(40);
    await remember(ids);
    const otherDb = createDb(s.config);
    try {
      const other = createServices({ db: otherDb, config: s.config, logger: s.logger });
      clock.set(SWEEP);
      const [r1, r2] = await Promise.all([
        s.escalations.sweep({ batchSize: 7 }),
        other.escalations.sweep({ batchSize: 5 }),
      ]);
      expect(r1.failed + r2.failed).to.equal(0);
    } finally {
      await otherDb.destroy();
    }
    expect(await effects(ids)).to.deep.equal(ids.map(() => [2, 1, 1]));
  });

  it('finishes a sweep killed mid-way exactly once: whole tickets done, the rest done by the next sweep', async () => {
    const ids = await dueTickets(120);
    await remember(ids);
    let seen = 0;
    const run = await worker(s, { PROGRESS: '1', SLOW_MS: '15' }, (line, kill) => {
      if (line.startsWith('done ') && ++seen === 30) kill();
    });
    expect(run.signal).to.equal('SIGKILL');
    const after = await effects(ids);
    const done = after.filter((e) => e[0] > 0).length;
    expect(done, 'killed mid-way').to.be.greaterThan(0).and.lessThan(ids.length);
    // Nothing half-done: a ticket has all of its effects or none.
    for (const e of after)
      expect([
        [2, 1, 1],
        [0, 0, 0],
      ]).to.deep.include(e);

    clock.set(SWEEP);
    await s.escalations.sweep();
    await s.escalations.sweep();
    expect(await effects(ids)).to.deep.equal(ids.map(() => [2, 1, 1]));
  });

  it('rolls back the ticket a sweep dies on, and the next sweep does it and the rest once', async () => {
    const ids = await dueTickets(12);
    await remember(ids);
    clock.set(SWEEP);
    let n = 0;
    const crash = new Error('the process dies here');
    let error: unknown = null;
    try {
      await s.escalations.sweep({
        batchSize: 5,
        concurrency: 1,
        afterTicket: () => {
          if (++n === 4) throw crash;
        },
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.equal(crash);
    const partial = await effects(ids);
    for (const e of partial)
      expect([
        [2, 1, 1],
        [0, 0, 0],
      ]).to.deep.include(e);
    await s.escalations.sweep({ batchSize: 5 });
    expect(await effects(ids)).to.deep.equal(ids.map(() => [2, 1, 1]));
  });
});
