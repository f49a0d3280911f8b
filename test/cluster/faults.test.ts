// Faults under load, CI-sized (the long form by hand: npm run cluster:faults): orders, ratings and calls posted
// through HAProxy to three instances on a three-node Galera cluster while node 1, the one every instance writes
// through, is killed and brought back (they turn to node 2) and instance 3 is killed and brought back, each fault
// when so many writes have been sent. Afterwards, through node 3: every acknowledged write there once, every number
// unique, the counters equal to a recount, every card, the board's publication and every mail once, every job
// period once (bench/cluster/fault-checks.ts). Writes in flight on what was killed may fail; none acknowledged may
// be lost. Its own ports (CLUSTER_PORT_BASE, 4700) and directory, so it runs beside the other cluster suite. Needs
// root, galera-4 and haproxy (test/run.sh).
import { expect } from 'chai';
import { TestSmtp } from '../helpers/smtp.ts';
import { countsTable } from '../../bench/cluster/fault-checks.ts';
import { Cluster, FAULT_ADMIN, faultEnv } from '../../bench/cluster/fault-cluster.ts';
import { runFaults, type FaultRunResult } from '../../bench/cluster/fault-run.ts';

describe('faults under load through HAProxy: a Galera node and an instance killed', function () {
  this.timeout(900_000);
  const smtp = new TestSmtp();
  let cluster: Cluster;
  let result: FaultRunResult;
  const about = (tag: string) => result.problems.filter((p) => p.startsWith(`${tag}:`));

  before(async function () {
    this.timeout(900_000);
    await smtp.start();
    cluster = new Cluster(Number(process.env.FAULTS_PORT_BASE ?? 4700), faultEnv(smtp.url, FAULT_ADMIN));
    await cluster.run('down');
    await cluster.run('up');
    result = await runFaults({
      baseUrl: cluster.httpUrl,
      sqlUrl: cluster.nodeUrl(3),
      admin: FAULT_ADMIN,
      faults: [
        cluster.fault(80, 'kill-node', 1),
        cluster.fault(140, 'start-node', 1),
        cluster.fault(220, 'kill-app', 3),
        cluster.fault(260, 'start-app', 3),
      ],
      total: 320,
      concurrency: 6,
      lifeUntil: 120,
      publishAt: 100,
      afterLoad: () => cluster.run('wait-synced').then(() => undefined),
      received: () => smtp.received,
      // The most it may take (it ends as soon as all is there): an instance killed while it ran the sweep or the
      // sender holds that job's lease (30 s here) and the red cards come 2 minutes after their orders.
      settleMs: 300_000,
      log: (l) => console.log(`      ${l}`),
    });
    console.log(`      by kind: ${JSON.stringify(result.byKind)}`);
    console.log(`      failed answers: ${result.failures.slice(0, 6).join('; ') || '—'}`);
    console.log(countsTable(result.counts).replace(/^/gm, '      '));
  });

  after(async function () {
    this.timeout(300_000);
    if (cluster) await cluster.run('down');
    await smtp.stop();
  });

  it('ran the load through both faults, most writes acknowledged', () => {
    expect(result.faultLog).to.have.length(5);
    expect(result.counts.acknowledged).to.be.greaterThan(result.counts.posted / 2);
    expect(about('settle')).to.deep.equal([]);
  });

  it('keeps every acknowledged write exactly once (orders, ratings, calls, rectification orders)', () => {
    expect(about('writes')).to.deep.equal([]);
    expect(result.counts.present).to.equal(result.counts.acknowledged);
    expect(result.counts.missing).to.equal(0);
  });

  it('gives every order its own number', () => {
    expect(about('numbers')).to.deep.equal([]);
    expect(result.counts.duplicates).to.equal(0);
  });

  it('keeps the counters equal to a recount', () => {
    expect(about('counters')).to.deep.equal([]);
  });

  it('issues every card once, with its timeline event, supervision order and mail', () => {
    expect(about('cards')).to.deep.equal([]);
    expect(result.counts.cards).to.be.greaterThan(0);
    expect(result.counts.supervisions).to.be.greaterThan(0);
  });

  it('publishes the board once however many supervisors press at once', () => {
    expect(about('board')).to.deep.equal([]);
    expect(result.counts.publications).to.equal(1);
  });

  it('sends every mail: each outbox row sent, its Message-ID received', () => {
    expect(about('mail')).to.deep.equal([]);
    expect(result.counts.mailsReceived).to.equal(result.counts.mailsSent);
    expect(result.counts.mailsSent).to.be.greaterThan(0);
  });

  it('does each job period once', () => {
    expect(about('jobs')).to.deep.equal([]);
    expect(result.counts.jobPeriods).to.be.greaterThan(0);
  });

  it('has no other problem', () => {
    expect(result.problems).to.deep.equal([]);
  });
});
