import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, ok, type Hotline } from '../helpers/tickets.ts';
import { createTestPeer, type TestPeer } from '../helpers/peers.ts';
import { startPeerServer, type TestPeerServer } from '../helpers/peer-server.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb, type Db } from '../../server/lib/db.ts';
import { createServices, type Services } from '../../server/services.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import * as dataReportJob from '../../jobs/data-report.job.ts';
import { DAY_RUNS } from '../../server/domain/data-report/data-report.repository.ts';

const bj = (s: string) => `${s}+08:00`;
const PHONE = '13912345678';
const CALLER = '欧阳娜娜';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('daily data reporting: files, posts, catch-up, once per day', () => {
  let s: Services;
  let h: Hotline;
  let dir: string;
  let peer: TestPeer;
  let server: TestPeerServer;
  let otherDb: Db;
  let other: Services; // a second instance on the same database
  const numbers: Record<string, string[]> = {};

  const read = (day: string, file: string) => fs.readFileSync(path.join(dir, day, file), 'utf8');
  const manifest = (day: string) => JSON.parse(read(day, 'manifest.json'));
  const lines = (day: string, file: string) =>
    read(day, file)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  const dayRuns = async () =>
    (await s.db('job_runs').where({ job: DAY_RUNS }).orderBy('id').select('period')).map((r) => r.period);
  const reportRows = (day?: string) =>
    s
      .db('outbox')
      .where({ kind: 'webhook', peer_id: peer.peer.id })
      .andWhere('stream', 'like', `report:${day ?? ''}%`);

  /** An order walked through a day: created, dispatched, signed and replied, then rated 5 by callback. */
  async function day(date: string, extra = 0, score = 5) {
    await h.travel(bj(`${date}T09:00:00`));
    const t = await createTicket(h.operator, { caller_name: CALLER, caller_phone: PHONE, description: `电话${PHONE}` });
    let v = await ok(
      h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }),
    );
    v = await ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: v.version }));
    v = await ok(h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: v.version, resolution: '已办理' }));
    const reason = score <= 2 ? { reason: '未解决' } : {};
    await ok(h.operator.post(`/api/v1/tickets/${t.id}/callback`, { version: v.version, score, ...reason }));
    numbers[date] = [t.number];
    for (let i = 0; i < extra; i++)
      numbers[date].push((await createTicket(h.operator, { confidential: i === 0, caller_phone: PHONE })).number);
  }

  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-reports-'));
    s.config.dataReport = { ...s.config.dataReport, dir, start: '2032-05-10', chunk: 2 };
    server = await startPeerServer();
    peer = await createTestPeer(s, { kind: 'data_report', url: server.url });
    server.keys.set(peer.keyId, peer.secret);
    otherDb = createDb(s.config);
    other = createServices({ db: otherDb, config: s.config, logger: s.logger });
    other.sealer = s.sealer;
    h = await hotline();
  });
  after(async () => {
    await otherDb.destroy();
    await server.close();
    clock.reset();
  });

  it("writes a day's files whole: counts and SHA-256 as its manifest says, no phone number or name", async () => {
    await day('2032-05-10', 3);
    // Created a second before midnight, dispatched at midnight: in both days, as it stood at the end of each.
    await h.travel(bj('2032-05-10T23:59:59'));
    const late = await createTicket(h.operator, { caller_phone: PHONE });
    clock.set(bj('2032-05-11T00:00:00'));
    await ok(
      h.operator.post(`/api/v1/tickets/${late.id}/dispatch`, { version: late.version, department_id: h.dept.id }),
    );
    clock.set(bj('2032-05-12T02:00:00'));
    const scheduler = new Scheduler(s, [dataReportJob]);
    expect(await scheduler.start()).to.deep.equal({ 'data-report': 'ran' });
    await scheduler.stop();
    expect(await dayRuns()).to.deep.equal(['2032-05-10', '2032-05-11']);

    const m = manifest('2032-05-10');
    expect(m).to.include({ schema: 1, day: '2032-05-10', from: '2032-05-09T16:00:00.000Z' });
    expect(m.counts).to.deep.equal({ orders: 5, ratings: 1, figures: m.counts.figures });
    for (const f of ['orders.jsonl', 'ratings.jsonl', 'figures.json'])
      expect(sha(read('2032-05-10', f))).to.equal(m.sha256[f]);
    const orders = lines('2032-05-10', 'orders.jsonl');
    expect(orders.map((o) => o.number)).to.have.members([...numbers['2032-05-10'], late.number]);
    const done = orders.find((o) => o.number === numbers['2032-05-10'][0]);
    expect(done).to.include({ status: 'closed', department_id: h.dept.id, on_time: true, overdue: false });
    expect(done.replied_at).to.be.a('string');
    expect(orders.find((o) => o.number === late.number)).to.include({ status: 'received', dispatched_at: null });
    expect(orders.filter((o) => o.confidential)).to.have.length(1);
    const [rating] = lines('2032-05-10', 'ratings.jsonl');
    expect(rating).to.include({ number: numbers['2032-05-10'][0], score: 5, voided: false, department_id: h.dept.id });
    const figures = JSON.parse(read('2032-05-10', 'figures.json'));
    const mine = figures.departments.find((d: any) => d.department_id === h.dept.id);
    expect(mine.counts).to.include({ dispatched: 1, replied: 1, replied_on_time: 1, ratings: 1 });
    // The next day holds the midnight order as dispatched, and only it.
    expect(lines('2032-05-11', 'orders.jsonl').map((o) => [o.number, o.status])).to.deep.equal([
      [late.number, 'dispatched'],
    ]);
    // No caller's phone number or name anywhere, nor the free text that carried one.
    for (const d of fs.readdirSync(dir))
      for (const f of fs.readdirSync(path.join(dir, d))) {
        const text = read(d, f);
        expect(text, `${d}/${f}`).not.to.include(PHONE).and.not.include(CALLER).and.not.include('张先生');
        // Nor any mobile number at all (a SHA-256's hex digits are no number: bounded by letters there).
        expect(text).not.to.match(/(?<![0-9a-zA-Z])1[3-9]\d{9}(?![0-9a-zA-Z])/);
      }
    expect(
      fs.readdirSync(dir).filter((d) => d.startsWith('.')),
      'no temporary folder left',
    ).to.deep.equal([]);
  });

  it('catches three days of downtime up in order, each once; a second run queues and writes nothing', async () => {
    await day('2032-05-12');
    await day('2032-05-13', 1);
    await day('2032-05-14');
    clock.set(bj('2032-05-15T03:30:00'));
    const scheduler = new Scheduler(s, [dataReportJob]);
    expect(await scheduler.start()).to.deep.equal({ 'data-report': 'ran' });
    await scheduler.stop();
    const run = await s.db('job_runs').where({ job: 'data-report', period: '2032-05-15' }).first();
    expect(JSON.parse(run.detail)).to.deep.equal({ reported: ['2032-05-12', '2032-05-13', '2032-05-14'] });
    expect(await dayRuns()).to.deep.equal(['2032-05-10', '2032-05-11', '2032-05-12', '2032-05-13', '2032-05-14']);
    expect(lines('2032-05-13', 'orders.jsonl').map((o) => o.number)).to.have.members(numbers['2032-05-13']);
    // Stream order: the days in the order queued, each with its manifest last.
    const streams = (await reportRows().orderBy('id').select('stream')).map((r) => r.stream);
    expect([...new Set(streams)]).to.deep.equal(['10', '11', '12', '13', '14'].map((d) => `report:2032-05-${d}`));

    const queued = (await reportRows()).length;
    const stamps = fs.readdirSync(dir).map((d) => fs.statSync(path.join(dir, d, 'manifest.json')).mtimeMs);
    expect(await s.dataReports.reportDue('2032-05-14')).to.deep.equal({ reported: [] });
    const again = new Scheduler(other, [dataReportJob]);
    expect(await again.start()).to.deep.equal({ 'data-report': 'done' });
    await again.stop();
    expect((await reportRows()).length).to.equal(queued);
    expect(fs.readdirSync(dir).map((d) => fs.statSync(path.join(dir, d, 'manifest.json')).mtimeMs)).to.deep.equal(
      stamps,
    );
  });

  it('two instances at once, by the job or by hand, make one report per day', async () => {
    await day('2032-05-15', 2);
    await day('2032-05-16');
    clock.set(bj('2032-05-17T02:00:00'));
    const [a, b] = [new Scheduler(s, [dataReportJob]), new Scheduler(other, [dataReportJob])];
    const outcomes = await Promise.all([a.start(), b.start()]);
    await Promise.all([a.stop(), b.stop()]);
    const [first, second] = outcomes.map((o) => o['data-report']).sort((x) => (x === 'ran' ? -1 : 1));
    expect(first).to.equal('ran');
    expect(second).to.be.oneOf(['held', 'done']);
    // By hand, bypassing the lease: the day's record decides, the loser queues nothing.
    await day('2032-05-17');
    clock.set(bj('2032-05-18T02:00:00'));
    const runs = await Promise.all([s.dataReports.reportDue('2032-05-17'), other.dataReports.reportDue('2032-05-17')]);
    expect(runs.flatMap((r) => r.reported)).to.deep.equal(['2032-05-17']);
    const days = await dayRuns();
    expect(days).to.deep.equal([...new Set(days)]);
    expect(days.slice(-3)).to.deep.equal(['2032-05-15', '2032-05-16', '2032-05-17']);
    const keys = (await reportRows().select('dedupe_key')).map((r) => r.dedupe_key);
    expect(keys).to.deep.equal([...new Set(keys)]);
    // 17 May: one order and one rating, each one chunk; the figures in chunks of 2; the manifest.
    const figureChunks = Math.ceil(manifest('2032-05-17').counts.figures / 2);
    expect(await reportRows('2032-05-17')).to.have.length(1 + 1 + figureChunks + 1);
  });

  it('posts every day to the peer signed, in chunks, the manifest last, the records as in the files', async () => {
    clock.set(bj('2032-05-18T03:00:00'));
    for (let i = 0; i < 40 && (await reportRows().where({ status: 'pending' })).length > 0; i++)
      await s.outbox.sendDue();
    const unsent = await reportRows().whereNot({ status: 'sent' }).select('status', 'last_error', 'attempts');
    expect(unsent, JSON.stringify(unsent.slice(0, 3))).to.deep.equal([]);
    const posts = server.delivered('report:2032-05-15');
    expect(posts.every((p) => p.valid && p.keyId === peer.keyId)).to.equal(true);
    expect(posts.map((p) => p.event).at(-1)).to.equal('data_report.manifest');
    const m = posts.at(-1)!.json;
    expect(m).to.include({ id: '2032-05-15/manifest', day: '2032-05-15' });
    const orders = posts.filter((p) => p.event === 'data_report.orders').map((p) => p.json);
    expect(orders.map((o) => [o.chunk, o.chunks, o.records.length])).to.deep.equal([
      [1, 2, 2],
      [2, 2, 1],
    ]);
    expect(orders.every((o) => o.id === `2032-05-15/orders/${o.chunk}`)).to.equal(true);
    // A receiver checks the day whole: the chunks' records, one JSON line each, hash to the manifest's SHA-256.
    const jsonl = orders.flatMap((o) => o.records.map((r: unknown) => `${JSON.stringify(r)}\n`)).join('');
    expect(sha(jsonl)).to.equal(m.sha256['orders.jsonl']).and.to.equal(manifest('2032-05-15').sha256['orders.jsonl']);
    for (const p of server.posts) expect(p.raw).not.to.include(PHONE).and.not.include(CALLER);
    // The days arrived in order.
    const days = server.posts.filter((p) => p.event === 'data_report.manifest').map((p) => p.json.day);
    expect(days).to.deep.equal([...days].sort());
  });

  it('lists the days reported; a rerun rewrites files, sends nothing twice; an unreported day: 409', async () => {
    await h.travel(bj('2032-05-18T09:00:00'));
    const list = await ok(h.admin.get('/api/v1/data-reports'));
    const figureChunks = Math.ceil(manifest('2032-05-17').counts.figures / 2);
    expect(list.items[0]).to.include({ day: '2032-05-17', posts: 3 + figureChunks, file: true });
    expect(list.items[0].counts).to.include({ orders: 1, ratings: 1 });
    expect(list.items.map((i: any) => i.day)).to.include('2032-05-10');
    const before = (await reportRows()).length;
    fs.rmSync(path.join(dir, '2032-05-12'), { recursive: true });
    expect(await ok(h.admin.post('/api/v1/data-reports/2032-05-12/rerun', {}))).to.include({ queued: 0, file: true });
    expect(lines('2032-05-12', 'orders.jsonl').map((o) => o.number)).to.deep.equal(numbers['2032-05-12']);
    expect((await reportRows()).length).to.equal(before);
    // A platform registered since gets the day once, the first one nothing more.
    const late = await createTestPeer(s, { kind: 'data_report' });
    const day12 = (await reportRows('2032-05-12')).length;
    expect(await ok(h.admin.post('/api/v1/data-reports/2032-05-12/rerun', {}))).to.include({ queued: day12 });
    expect(await ok(h.admin.post('/api/v1/data-reports/2032-05-12/rerun', {}))).to.include({ queued: 0 });
    expect(await s.db('outbox').where({ peer_id: late.peer.id })).to.have.length(day12);
    await s.db('peers').where({ id: late.peer.id }).update({ active: false });
    const refused = await h.admin.post('/api/v1/data-reports/2032-05-18/rerun', {});
    expect(refused.status).to.equal(409);
    expect((await h.handler.get('/api/v1/data-reports')).status).to.equal(403);
  });

  it('puts a rating in the day it was given and its void in the day the appeal was upheld, each once', async () => {
    await day('2032-05-20', 0, 1);
    const rating = await s
      .db('tickets as t')
      .join('ratings as r', 'r.ticket_id', 't.id')
      .where('t.number', numbers['2032-05-20'][0])
      .first('r.id');
    await h.travel(bj('2032-05-21T10:00:00'));
    await ok(h.handler.post(`/api/v1/ratings/${rating.id}/appeal`, { reason: '已按规定办理，申请复核' }), 201);
    await ok(h.supervisor.post(`/api/v1/ratings/${rating.id}/appeal/decision`, { uphold: true, note: '经核实' }));
    clock.set(bj('2032-05-22T02:00:00'));
    expect(await s.dataReports.reportDue('2032-05-21')).to.deep.equal({
      reported: ['2032-05-18', '2032-05-19', '2032-05-20', '2032-05-21'],
    });
    const of = (d: string) => lines(d, 'ratings.jsonl').filter((r) => r.id === rating.id);
    expect(of('2032-05-20')).to.have.length(1);
    expect(of('2032-05-20')[0]).to.include({ score: 1, voided: false, voided_at: null });
    expect(of('2032-05-21')).to.have.length(1);
    expect(of('2032-05-21')[0]).to.include({ score: 1, voided: true, number: numbers['2032-05-20'][0] });
    expect(of('2032-05-21')[0].voided_at).to.equal('2032-05-21T02:00:00.000Z');
    expect(lines('2032-05-18', 'orders.jsonl')).to.deep.equal([]);
  });
});
