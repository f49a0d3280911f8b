// The load of the fault runs (test/cluster/faults.test.ts, bench/cluster/faults.ts): a steady mix of work orders,
// device ratings and call records posted through one address (HAProxy's HTTP front), every write recorded with its
// outcome, so fault-checks.ts can say afterwards whether each acknowledged one is there exactly once.
//
// A write that can be repeated safely (an order with an Idempotency-Key, a device's rating `seq`, a call's
// `external_id`) is retried after a failure, as a real client would; a plain order is sent once, so a failure
// leaves its outcome unknown (it may have committed before its instance died), which is allowed: only what was
// acknowledged must be there, and nothing may be there twice.
import { randomUUID } from 'node:crypto';

export interface Res {
  status: number;
  body: any;
}

/** A small client over fetch; a network failure (an instance killed mid-request) answers status 0. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    try {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed };
    } catch (err) {
      return { status: 0, body: String((err as Error).cause ?? (err as Error).message) };
    }
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  put = (path: string, body: unknown = {}) => this.request('PUT', path, body);
}

/** The answer's body when it has the status, else an error naming the call (setup must not half-succeed). */
export async function must(p: Promise<Res>, status: number, what: string): Promise<any> {
  const res = await p;
  if (res.status === status) return res.body;
  throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
}

export const PASSWORD = 'Passw0rd!fault-load';

export interface Setup {
  baseUrl: string;
  admin: Api;
  operator: Api;
  supervisor: Api;
  departmentId: number;
  /** A catalogue leaf of severity tier `life`: its orders must be signed within TIER_LIFE_SIGN_MINUTES. */
  lifeCategoryId: number;
  normalCategoryId: number;
  deviceKey: string;
  deviceId: number;
  ctiKey: string;
  /** Distinguishes this run's writes in titles, seqs and external ids. */
  run: string;
}

async function signIn(baseUrl: string, username: string, password: string): Promise<Api> {
  const body = await must(new Api(baseUrl).post('/api/v1/auth/login', { username, password }), 200, 'login');
  return new Api(baseUrl, body.token);
}

/**
 * Everything the load needs, made through the API as an administrator would: a department with its mailboxes,
 * an operator and a supervisor, a catalogue with a `life` leaf, a window with staff on duty at a review device,
 * and a telephone-system key.
 */
export async function setupHotline(baseUrl: string, adminUser: string, adminPassword: string): Promise<Setup> {
  const run = randomUUID().slice(0, 8);
  const admin = await signIn(baseUrl, adminUser, adminPassword);
  const dept = await must(
    admin.post('/api/v1/departments', {
      name: `故障演练部门-${run}`,
      group: '区县',
      email: `dept-${run}@faults.example`,
      head_email: `head-${run}@faults.example`,
    }),
    201,
    'department',
  );
  for (const role of ['operator', 'supervisor'] as const) {
    const user = { username: `${role}-${run}`, password: PASSWORD, display_name: `${role} ${run}`, role };
    await must(admin.post('/api/v1/users', user), 201, role);
  }
  const csv =
    'code,name,parent_code,responsible_unit,duty_basis,severity_tier\n' +
    `F${run},故障演练${run},,,,\n` +
    `F${run}1,燃气泄漏${run},F${run},${dept.id},,life\n` +
    `F${run}2,路灯不亮${run},F${run},${dept.id},,normal\n`;
  await must(admin.post('/api/v1/catalogue/versions', { csv, label: `faults ${run}` }), 201, 'catalogue');
  const categories: Array<{ id: number; code: string | null }> = await must(
    admin.get('/api/v1/categories'),
    200,
    'categories',
  );
  const code = (c: string) => categories.find((x) => x.code === c)!.id;
  const window = await must(
    admin.post('/api/v1/windows', { department_id: dept.id, name: `窗口-${run}` }),
    201,
    'window',
  );
  const staff = await must(
    admin.post('/api/v1/staff', { department_id: dept.id, window_id: window.id, staff_no: `F${run}`, name: '王' }),
    201,
    'staff',
  );
  const device = await must(admin.post('/api/v1/devices', { window_id: window.id, name: `评价器-${run}` }), 201, 'dev');
  await must(admin.put(`/api/v1/devices/${device.id}/on-duty`, { staff_id: staff.id }), 200, 'on duty');
  const cti = await must(admin.post('/api/v1/cti-keys', { name: `CTI-${run}` }), 201, 'cti key');
  return {
    baseUrl,
    admin,
    operator: await signIn(baseUrl, `operator-${run}`, PASSWORD),
    supervisor: await signIn(baseUrl, `supervisor-${run}`, PASSWORD),
    departmentId: dept.id,
    lifeCategoryId: code(`F${run}1`),
    normalCategoryId: code(`F${run}2`),
    deviceKey: device.key,
    deviceId: device.id,
    ctiKey: cti.key,
    run,
  };
}

export type WriteKind = 'ticket' | 'keyed' | 'life' | 'rating' | 'bad' | 'call';

/** One logical write and what became of it. */
export interface Write {
  n: number;
  kind: WriteKind;
  /** What makes it findable and repeatable: the order's title and key, the rating's seq, the call's external id. */
  ref: string;
  seq?: number;
  attempts: number;
  acked: boolean;
  status: number;
  id?: number;
  number?: string;
  /** A bad rating's rectification order, as acknowledged. */
  rectificationId?: number;
  error?: string;
}

/** The mix, by the write's number: 3 plain orders, 3 keyed and dispatched (one of a life leaf while `life`),
 *  2 good ratings and a bad one every other time, 1 call, in 10. */
export function kindOf(n: number, life: boolean): WriteKind {
  const k = n % 10;
  if (k < 3) return 'ticket';
  if (k < 5) return 'keyed';
  if (k === 5) return life ? 'life' : 'keyed';
  if (k < 8) return 'rating';
  if (k === 8) return n % 20 === 8 ? 'bad' : 'rating';
  return 'call';
}

const RETRYABLE = (status: number) => status === 0 || status >= 500;

export class LoadRecorder {
  readonly writes: Write[] = [];
  private next = 0;
  /** Device seqs of this run: unique per device, and above any earlier run's. */
  private readonly seqBase = Date.now() * 1000;
  /** Life orders are sent only while this holds: their cards must come due before the run ends. */
  life = true;

  constructor(private readonly setup: Setup) {}

  get sent(): number {
    return this.next;
  }

  /** Sends write after write until `stop()` says so (one worker; run several at once). */
  async worker(stop: () => boolean): Promise<void> {
    while (!stop()) await this.one(this.next++);
  }

  private async one(n: number): Promise<void> {
    const kind = kindOf(n, this.life);
    const w: Write = { n, kind, ref: `F-${this.setup.run}-${n}`, attempts: 0, acked: false, status: 0 };
    this.writes.push(w);
    const send = this.request(w);
    const maxAttempts = kind === 'ticket' ? 1 : 5;
    for (;;) {
      w.attempts++;
      const res = await send();
      w.status = res.status;
      if (res.status === 200 || res.status === 201) {
        w.acked = true;
        w.id = res.body.id;
        w.number = res.body.number;
        w.rectificationId = res.body.rectification_ticket_id ?? undefined;
        return;
      }
      w.error = typeof res.body === 'string' ? res.body.slice(0, 200) : JSON.stringify(res.body).slice(0, 200);
      if (!RETRYABLE(res.status) || w.attempts >= maxAttempts) return;
      await new Promise((r) => setTimeout(r, 250 * w.attempts));
    }
  }

  private request(w: Write): () => Promise<Res> {
    const s = this.setup;
    const title = `${w.ref} 小区路灯不亮`;
    const order = { channel: 'phone', type: 'complaint', title, description: `${w.ref}：夜间路灯不亮，请尽快维修。` };
    if (w.kind === 'ticket') return () => s.operator.post('/api/v1/tickets', order);
    if (w.kind === 'keyed' || w.kind === 'life') {
      const body = {
        ...order,
        department_id: s.departmentId,
        category_id: w.kind === 'life' ? s.lifeCategoryId : s.normalCategoryId,
      };
      return () => s.operator.post('/api/v1/tickets', body, { 'Idempotency-Key': w.ref });
    }
    const device = new Api(s.baseUrl);
    if (w.kind === 'rating' || w.kind === 'bad') {
      w.seq = this.seqBase + w.n;
      const body = {
        seq: w.seq,
        score: w.kind === 'bad' ? 1 : 5 - (w.n % 2),
        rated_at: new Date().toISOString(),
        ...(w.kind === 'bad' ? { reason: `${w.ref} 态度差` } : {}),
      };
      return () => device.post('/api/v1/device/ratings', body, { 'X-Device-Key': s.deviceKey });
    }
    const call = {
      caller_phone: `139${String(w.n % 100_000_000).padStart(8, '0')}`,
      started_at: new Date().toISOString(),
      answered: w.n % 3 !== 0,
      wait_s: w.n % 30,
      talk_s: w.n % 3 !== 0 ? 60 : 0,
      external_id: w.ref,
    };
    return () => device.post('/api/v1/calls', call, { 'X-CTI-Key': s.ctiKey });
  }
}

/** Supervisors publishing the ended month's board at once through the front (each lands on some instance):
 *  one publication must come of it, whichever answers are lost. */
export async function publishBoard(setup: Setup, month: string, times = 3): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: times }, () => setup.supervisor.post(`/api/v1/leaderboards/${month}/publish`)),
  );
  return answers.map((a) => a.status);
}
