// Live dashboard fan-out (docs/benchmarks.md: 1,000 dashboards updated within 200 ms of the commit that changed them;
// memory under 200 MB resident under that load). The service runs as a child on the demo data set; N WebSocket
// clients, authorized by a display link, live in this process. Each change is a ticket created over HTTP; the
// time counted runs from the API's response (the commit is before it) until the last client holds a dashboard
// that shows the new ticket. A bare ws server relaying a message of the same size to the same clients is
// measured first, as the limit of this machine.
//   npx tsx bench/dashboard-latency.bench.ts                      (SQLite)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench7 \
//     npx tsx bench/dashboard-latency.bench.ts
// CLIENTS (1000), CHANGES (30) and BURST (50 tickets created at once) change the load; VOLUME_TICKETS and
// VOLUME_CALLS (e.g. 900000 and 2000000: a large city's month) add that many rows to the demo data first.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { dbEnv, json, peakRssMb, report, startChild } from './support.ts';
import { freshMysql } from './support-intake.ts';
import { seedVolume } from './dashboard-data.ts';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const CHANGES = Number(process.env.CHANGES ?? 30);
const BURST = Number(process.env.BURST ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3103);
const VOLUME = { tickets: Number(process.env.VOLUME_TICKETS ?? 0), calls: Number(process.env.VOLUME_CALLS ?? 0) };

interface Client {
  ws: WebSocket;
  at: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const line = (label: string, xs: number[]) =>
  console.log(
    `${label.padEnd(48)} p50 ${ms(quantile(xs, 0.5))}  p99 ${ms(quantile(xs, 0.99))}  max ` +
      `${ms(Math.max(...xs))}  (${xs.length})`,
  );

/** Resident memory of a child, from /proc (Linux). */
const rssMb = (child: ChildProcess) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** N clients; each notes when it first receives a message containing the awaited marker. */
class Screens {
  clients: Client[] = [];
  private marker: Buffer | null = null;
  private left = 0;
  private done: () => void = () => {};
  first: string | null = null;

  async open(url: string, n: number) {
    for (let i = 0; i < n; i += 100) {
      await Promise.all(
        Array.from(
          { length: Math.min(100, n - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const c: Client = { ws: new WebSocket(url, { perMessageDeflate: false }), at: 0 };
              c.ws.once('message', (data) => {
                this.first ??= String(data);
                resolve();
              });
              c.ws.on('message', (data: Buffer) => {
                if (this.marker && !c.at && data.includes(this.marker)) {
                  c.at = performance.now();
                  if (--this.left === 0) this.done();
                }
              });
              c.ws.once('error', reject);
              this.clients.push(c);
            }),
        ),
      );
    }
  }

  /** Resolves with every client's arrival time once all hold the marker (or after 10 s, with the stragglers). */
  expect(marker: string): Promise<number[]> {
    this.marker = Buffer.from(marker);
    this.left = this.clients.length;
    this.clients.forEach((c) => {
      c.at = 0;
    });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        console.log(`  ${this.left} clients missed an update`);
        this.done();
      }, 10_000);
      this.done = () => {
        clearTimeout(timer);
        this.marker = null;
        resolve(this.clients.filter((c) => c.at).map((c) => c.at));
      };
    });
  }

  close() {
    this.clients.forEach((c) => c.ws.terminate());
  }
}

const env = dbEnv();
if (env.DB_CLIENT === 'mysql') await freshMysql(env.DATABASE_URL);
console.log(
  `database: ${env.DB_CLIENT}; ${CLIENTS} WebSocket clients in this process; ${CHANGES} single changes, one ` +
    `burst of ${BURST}`,
);

// The bare limit: one message of the dashboard's size relayed to the same number of clients.
const bare = await startChild('bench/bare-ws.ts', {}, PORT + 1);
const bareScreens = new Screens();
await bareScreens.open(`ws://127.0.0.1:${PORT + 1}/`, CLIENTS);
const bareTimes: number[] = [];

// The demo data set is loaded by a first start; the measured service is a second start on it, as in production
// (loading it leaves the first process's heap grown, which is not what a running service holds).
const service = await (async () => {
  const seeding = await startChild('server/main.ts', { ...env, DEMO_DATA: '1' }, PORT);
  await new Promise((resolve) => {
    seeding.once('exit', resolve);
    seeding.kill();
  });
  if (VOLUME.tickets || VOLUME.calls) {
    const t = performance.now();
    await seedVolume(env, VOLUME);
    console.log(
      `added ${VOLUME.tickets} orders and ${VOLUME.calls} calls over 30 days in ` +
        `${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
  }
  return startChild('server/main.ts', { ...env, DEMO_DATA: '0' }, PORT);
})().catch((err) => {
  bare.kill();
  throw err;
});
const base = `http://127.0.0.1:${PORT}/api/v1`;
const screens = new Screens();
try {
  const admin = await json(`${base}/auth/login`, { username: 'admin', password: 'Hotline@2026' });
  const link = await json(`${base}/display-links`, { name: '压测大屏' }, admin.body.token);
  const op = await json(`${base}/auth/login`, { username: 'operator1', password: 'Hotline@2026' });
  const rssIdle = rssMb(service);
  const t0 = performance.now();
  await screens.open(`ws://127.0.0.1:${PORT}/api/v1/live?display=${link.body.token}`, CLIENTS);
  console.log(
    `${CLIENTS} screens connected and holding the dashboard in ${ms(performance.now() - t0)}; message ` +
      `${Buffer.byteLength(screens.first!)} bytes`,
  );

  for (let i = 0; i < CHANGES; i++) {
    const arrived = bareScreens.expect(`{"seq":${i},`);
    await fetch(`http://127.0.0.1:${PORT + 1}/`, {
      method: 'POST',
      body: JSON.stringify({ seq: i, pad: screens.first }),
    });
    const after = performance.now();
    bareTimes.push(Math.max(...(await arrived)) - after);
  }
  const bareRssMb = peakRssMb(bare.pid);
  bareScreens.close();
  bare.kill();

  let created = JSON.parse(screens.first!).data.overview.tickets.created as number;
  const marker = (n: number) => `"tickets":{"created":${n},`;
  const ticket = (i: number) => ({
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    title: `大屏压测工单 ${i}`,
    description: '小区夜间施工噪音扰民，影响休息。',
  });
  let rssPeak = rssMb(service);
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(service));
  }, 50);

  const untilAll: number[] = [];
  const deliveries: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const arrived = screens.expect(marker(++created));
    const res = await json(`${base}/tickets`, ticket(i), op.body.token);
    const after = performance.now();
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    const times = (await arrived).map((t) => t - after);
    untilAll.push(Math.max(...times));
    deliveries.push(...times);
    await new Promise((r) => setTimeout(r, 100));
  }

  created += BURST;
  const arrived = screens.expect(marker(created));
  const burstStart = performance.now();
  const responses = await Promise.all(
    Array.from({ length: BURST }, (_, i) => json(`${base}/tickets`, ticket(1000 + i), op.body.token)),
  );
  const lastResponse = performance.now() - burstStart;
  if (responses.some((r) => r.status !== 201)) throw new Error('a burst create failed');
  const burstAll = Math.max(...(await arrived)) - burstStart;
  clearInterval(sampler);

  console.log();
  line('bare ws relay of the same size -> all clients', bareTimes);
  line('ticket created -> all clients updated', untilAll);
  line('ticket created -> each client updated', deliveries);
  console.log(
    `${`burst of ${BURST} concurrent creates -> all clients`.padEnd(48)} ${ms(burstAll)} from the first ` +
      `request (last response at ${ms(lastResponse)})`,
  );
  console.log(
    `server RSS: ${rssIdle.toFixed(0)} MB idle, ${rssPeak.toFixed(0)} MB peak with ${CLIENTS} screens ` +
      `(docs/benchmarks.md: under 200 MB)`,
  );
  console.log(`ratio p99 (service / bare relay): ${(quantile(untilAll, 0.99) / quantile(bareTimes, 0.99)).toFixed(1)}`);
  report('dashboard', {
    clients: CLIENTS,
    p50: quantile(untilAll, 0.5),
    p99: quantile(untilAll, 0.99),
    bareP99: quantile(bareTimes, 0.99),
    burstMs: burstAll,
    rssIdleMb: rssIdle,
    rssPeakMb: rssPeak,
    rssMb: peakRssMb(service.pid),
    bareRssMb,
  });
} finally {
  screens.close();
  bareScreens.close();
  bare.kill();
  service.kill();
}
