// One fault run: set up through the front, load it while the faults happen (each when so many writes have been
// sent), let the cluster settle, then check (fault-checks.ts). Used by test/cluster/faults.test.ts (CI-sized)
// and bench/cluster/faults.ts (the long form by hand).
import { localDate } from '../../server/lib/calendar.ts';
import { monthAfter } from '../../server/domain/leaderboard/leaderboard.service.ts';
import { checkDb, runChecks, settle, type Counts, type Mail } from './fault-checks.ts';
import { LoadRecorder, publishBoard, setupHotline, type Write } from './fault-load.ts';

export interface Fault {
  /** Sent once this many writes have been sent. */
  at: number;
  name: string;
  run: () => Promise<void>;
  /** A kill and the start that undoes it share a pair: past `stopAt` no kill is sent, and a start only when its
   *  kill was. */
  pair?: string;
  undoes?: boolean;
}

export interface FaultRunOptions {
  /** HAProxy's HTTP front. */
  baseUrl: string;
  /** One node's SQL port, for the backdating and the checks. */
  sqlUrl: string;
  admin: { username: string; password: string };
  faults: Fault[];
  /** Writes to send at least (the load also goes on until the last fault is over). */
  total: number;
  /** The long form: no new fault after this moment (ms since the epoch); the load stops once all is back. */
  stopAt?: number;
  concurrency: number;
  /** Life orders (carded within TIER_LIFE_SIGN_MINUTES) only among the first writes, so their cards come in time. */
  lifeUntil: number;
  /** The supervisors publish the ended month's board when this many writes have been sent. */
  publishAt: number;
  /** After the load: bring back what is down, wait until the nodes are synced. */
  afterLoad: () => Promise<void>;
  received: () => Mail[];
  settleMs: number;
  log?: (line: string) => void;
}

export interface FaultRunResult {
  counts: Counts;
  problems: string[];
  /** What settle() still waited for when its time ran out (each is also a problem). */
  waiting: string[];
  byKind: Record<string, { posted: number; acknowledged: number }>;
  /** The failed writes' answers, most frequent first. */
  failures: string[];
  faultLog: string[];
  seconds: number;
}

const waitUntil = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 100));
};

export async function runFaults(o: FaultRunOptions): Promise<FaultRunResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const started = Date.now();
  const stamp = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const setup = await setupHotline(o.baseUrl, o.admin.username, o.admin.password);
  const db = checkDb(o.sqlUrl);
  try {
    // The board of the month just ended needs a service that held data then (leaderboard.service.ts#served):
    // the department is dated back to that month's first day.
    const month = monthAfter(localDate(new Date()).slice(0, 7), -1);
    await db('departments')
      .where({ id: setup.departmentId })
      .update({ created_at: `${month}-01 00:00:00.000` });
    const outboxFrom = Number((await db('outbox').max({ m: 'id' }))[0].m ?? 0);
    const load = new LoadRecorder(setup);
    let stop = false;
    const workers = Array.from({ length: o.concurrency }, () => load.worker(() => stop));
    const faultLog: string[] = [];
    let publishStatuses: number[] = [];
    const driver = (async () => {
      const steps = [
        ...o.faults,
        {
          at: o.publishAt,
          name: `publish ${month}`,
          run: async () => {
            publishStatuses = await publishBoard(setup, month);
          },
        },
      ].sort((a, b) => a.at - b.at);
      const broken = new Set<string>();
      const over = () => o.stopAt !== undefined && Date.now() > o.stopAt;
      for (const f of steps) {
        if (f.undoes && !broken.has(f.pair!)) continue;
        await waitUntil(() => load.sent >= f.at || over());
        if (over() && !f.undoes) continue;
        if (f.pair) {
          if (f.undoes) broken.delete(f.pair);
          else broken.add(f.pair);
        }
        const line = `${stamp()} at ${load.sent} sent: ${f.name}`;
        const t0 = Date.now();
        await f.run();
        faultLog.push(`${line} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        log(faultLog.at(-1)!);
      }
    })();
    const lifeOff = (async () => {
      await waitUntil(() => load.sent >= o.lifeUntil || stop);
      load.life = false;
    })();
    await driver;
    await waitUntil(() => load.sent >= o.total);
    stop = true;
    await Promise.all([...workers, lifeOff]);
    log(`${stamp()} load stopped: ${load.sent} sent`);
    await o.afterLoad();
    log(`${stamp()} synced; waiting for cards and mail`);
    const waiting = await settle(db, load.writes, o.received, o.settleMs, outboxFrom);
    const { counts, problems } = await runChecks({
      db,
      setup,
      writes: load.writes,
      received: o.received(),
      month,
      publishStatuses,
      outboxFrom,
    });
    for (const w of waiting) problems.unshift(`settle: still waiting after ${o.settleMs / 1000} s: ${w}`);
    log(`${stamp()} checked`);
    return {
      counts,
      problems,
      waiting,
      byKind: byKind(load.writes),
      failures: failures(load.writes),
      faultLog,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await db.destroy();
  }
}

function byKind(writes: Write[]) {
  const out: Record<string, { posted: number; acknowledged: number }> = {};
  for (const w of writes) {
    const k = (out[w.kind] ??= { posted: 0, acknowledged: 0 });
    k.posted++;
    if (w.acked) k.acknowledged++;
  }
  return out;
}

/** The failed writes' answers, most frequent first (what a killed node or instance answered). */
export function failures(writes: Write[]): string[] {
  const n = new Map<string, number>();
  for (const w of writes.filter((x) => !x.acked)) {
    const k = `${w.kind} ${w.status} ${(w.error ?? '').slice(0, 80)}`;
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return [...n.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} x ${k}`);
}
