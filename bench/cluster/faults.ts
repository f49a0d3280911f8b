// The long fault run, by hand (npm run cluster:faults; as root, with galera-4 and haproxy): a three-node Galera
// cluster with three instances behind HAProxy (cluster.sh), orders, ratings and calls posted through the front for
// FAULT_MINUTES (default 10) while Galera nodes and Hotline instances are killed and brought back in rotation,
// then every check of fault-checks.ts and the counts table. The CI-sized run is test/cluster/faults.test.ts.
//
//   FAULT_MINUTES=5 npm run cluster:faults
//   CLUSTER_PORT_BASE (4400), FAULT_EVERY (writes between two steps, 300), FAULT_CONCURRENCY (8),
//   FAULT_KEEP=1 leaves the cluster up afterwards; FAULT_REUSE=1 uses a running one (its instances are restarted
//   with the sink's SMTP_URL).
import { TestSmtp } from '../../test/helpers/smtp.ts';
import { countsTable } from './fault-checks.ts';
import { Cluster, FAULT_ADMIN, faultEnv } from './fault-cluster.ts';
import { runFaults, type Fault } from './fault-run.ts';

const minutes = Number(process.env.FAULT_MINUTES ?? 10);
const every = Number(process.env.FAULT_EVERY ?? 300);
const base = Number(process.env.CLUSTER_PORT_BASE ?? 4400);
const smtp = new TestSmtp();
await smtp.start();
const cluster = new Cluster(base, faultEnv(smtp.url, FAULT_ADMIN), process.env.CLUSTER_DIR);
const started = Date.now();
const say = (l: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${l}`);

let code = 1;
try {
  if (process.env.FAULT_REUSE === '1') {
    for (const n of [1, 2, 3]) {
      await cluster.run('kill-app', String(n)).catch(() => undefined);
      await cluster.run('start-app', String(n));
    }
  } else {
    say('cluster up');
    await cluster.run('down');
    await cluster.run('up');
  }
  // Rotation: node 2, instance 3, node 1, instance 2, node 3, instance 1, ... each killed and brought back.
  const faults: Fault[] = [];
  for (let i = 0, at = every; i < 200; i++) {
    const n = ((i + 1) % 3) + 1;
    const kind = i % 2 === 0 ? 'node' : 'app';
    faults.push(cluster.fault(at, `kill-${kind}`, n), cluster.fault(at + every / 2, `start-${kind}`, n));
    at += every;
  }
  say(`load for ${minutes} min, a fault every ${every} writes`);
  const result = await runFaults({
    baseUrl: cluster.httpUrl,
    sqlUrl: cluster.nodeUrl(1),
    admin: FAULT_ADMIN,
    faults,
    total: 0,
    stopAt: Date.now() + minutes * 60_000,
    concurrency: Number(process.env.FAULT_CONCURRENCY ?? 8),
    lifeUntil: Number.MAX_SAFE_INTEGER,
    publishAt: every,
    afterLoad: () => cluster.run('wait-synced').then(() => undefined),
    received: () => smtp.received,
    settleMs: 300_000,
    log: say,
  });
  console.log('\nfaults:\n' + result.faultLog.join('\n'));
  console.log('\nby kind: ' + JSON.stringify(result.byKind));
  console.log('failed answers:\n' + (result.failures.slice(0, 12).join('\n') || '—'));
  console.log(`\n${countsTable(result.counts)}\n(${result.seconds} s)`);
  console.log(result.problems.length ? `\nPROBLEMS:\n${result.problems.slice(0, 50).join('\n')}` : '\nall checks hold');
  code = result.problems.length ? 1 : 0;
} catch (err) {
  console.error(err);
} finally {
  if (process.env.FAULT_KEEP !== '1' && process.env.FAULT_REUSE !== '1') await cluster.run('down').catch(() => {});
  await smtp.stop();
}
process.exit(code);
