// The three-node Galera cluster of bench/cluster/cluster.sh, three instances behind HAProxy: 1,000 orders created
// at once through the round robin get unique numbers and are all stored, the counters agree with a recount, and job
// leases and periods taken on two nodes at once end with one holder. Its own ports (CLUSTER_PORT_BASE 4600) and
// directory. Needs root, galera-4 and haproxy (test/run.sh runs test/cluster/** when they are there).
import fs from 'node:fs';
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { Client } from '../helpers/http.ts';
import { Cluster } from '../../bench/cluster/fault-cluster.ts';
import { jobsRepository } from '../../server/domain/jobs/jobs.repository.ts';
import { toDbTime } from '../../server/lib/db.ts';

const BASE = Number(process.env.GALERA_TEST_PORT_BASE ?? 4600);
const DIR = `/tmp/hotline-cluster-test-${BASE}`;
const ADMIN = { username: 'admin', password: 'Galera-passw0rd!7' };
const ORDERS = 1000;
const CONCURRENCY = 50;

// JOBS 0: no instance runs the scheduled jobs; the tests below race for leases and periods of their own.
const cluster = new Cluster(
  BASE,
  {
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO_DATA: '0',
    SCRYPT_COST: '1024',
    LOG_LEVEL: 'warn',
    JOBS: '0',
  },
  DIR,
);

/** A knex pool on node n itself (not through HAProxy); `retryAutocommit` 0 shows the application a lost race. */
function nodeDb(n: number, retryAutocommit?: number): Knex {
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: '127.0.0.1',
      port: BASE + n,
      user: 'hotline',
      password: 'hotline',
      database: 'hotline',
      timezone: 'Z',
      dateStrings: true,
    },
    pool: {
      min: 0,
      max: 4,
      afterCreate(conn: { query(sql: string, cb: (err: Error | null) => void): void }, done: (e: unknown) => void) {
        if (retryAutocommit === undefined) done(null);
        else conn.query(`SET SESSION wsrep_retry_autocommit = ${retryAutocommit}`, (err) => done(err));
      },
    },
  });
}

async function mustLogin(baseUrl: string, username: string, password: string): Promise<Client> {
  const res = await new Client(baseUrl).post('/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return new Client(baseUrl, res.body.token);
}

describe('Galera cluster: three nodes, HAProxy, three instances', function () {
  this.timeout(600_000);
  const http = cluster.httpUrl;
  const dbs: Knex[] = [];
  let failed = false;

  before(async function () {
    this.timeout(900_000);
    await cluster.run('down');
    await cluster.run('up');
    dbs.push(nodeDb(1), nodeDb(1, 0), nodeDb(2, 0), nodeDb(3, 0));
  });

  after(async function () {
    this.timeout(300_000);
    await Promise.all(dbs.map((db) => db.destroy()));
    // down deletes the cluster's directory: its logs are kept for a failed run.
    if (failed) fs.cpSync(`${DIR}/logs`, `${DIR}-logs`, { recursive: true });
    await cluster.run('down');
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  it('stores 1,000 orders created at once over three instances, each with its own number', async () => {
    const admin = await mustLogin(http, ADMIN.username, ADMIN.password);
    const operator = { username: 'galera-operator', password: 'Operat0r-passw0rd!' };
    const made = await admin.post('/api/v1/users', { ...operator, display_name: '接线员', role: 'operator' });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    const api = await mustLogin(http, operator.username, operator.password);

    const answers: Array<{ status: number; id?: number; number?: string }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ORDERS) {
          const i = next++;
          const res = await api.post('/api/v1/tickets', {
            channel: 'phone',
            type: 'complaint',
            title: `集群压测 ${i}`,
            description: '夜间施工噪音扰民，集群并发创建。',
            caller_phone: `138${String(10_000_000 + i).slice(-8)}`,
          });
          answers.push({ status: res.status, id: res.body?.id, number: res.body?.number });
        }
      }),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201).map((a) => a.status);
    expect(refused, 'answers other than 201').to.deep.equal([]);
    expect(new Set(created.map((a) => a.number)).size).to.equal(ORDERS);

    // Read on node 3: every acknowledged order is there, under the number it was answered with.
    const rows: Array<{ id: number; number: string }> = await dbs[3]('tickets')
      .whereIn(
        'id',
        created.map((a) => a.id!),
      )
      .select('id', 'number');
    expect(rows).to.have.length(ORDERS);
    const byId = new Map(rows.map((r) => [r.id, r.number]));
    expect(created.filter((a) => byId.get(a.id!) !== a.number)).to.deep.equal([]);
    const [{ n }] = await dbs[3]('tickets').countDistinct({ n: 'number' });
    const [{ all }] = await dbs[3]('tickets').count({ all: '*' });
    expect(Number(n)).to.equal(Number(all));

    const verify = await admin.get('/api/v1/stats/verify');
    expect(verify.status).to.equal(200);
    expect(verify.body.diffs).to.deep.equal([]);
    expect(verify.body.consistent).to.equal(true);
  });

  it('gives a job lease taken on two nodes at once to exactly one of them, every time', async () => {
    const [, a, b] = dbs;
    for (let round = 0; round < 30; round++) {
      const name = `galera-race-${round}`;
      const now = new Date();
      const at = toDbTime(now);
      const until = toDbTime(new Date(now.getTime() + 60_000));
      // Half the rounds race for a row no one made yet (both insert), half for a lease run out (both update).
      if (round % 2 === 1) {
        const past = toDbTime(new Date(now.getTime() - 60_000));
        await a('job_leases').insert({ name, holder: 'old', lease_until: past, last_started_at: past });
        await waitForRow(b, name);
      }
      const [onA, onB] = await Promise.all([
        jobsRepository.acquire(a, name, 'node1', at, until),
        jobsRepository.acquire(b, name, 'node2', at, until),
      ]);
      expect([onA, onB].filter(Boolean), `round ${round}`).to.have.length(1);
      const holder = (await waitForRow(dbs[3], name, onA ? 'node1' : 'node2')).holder;
      expect(holder).to.equal(onA ? 'node1' : 'node2');
    }
  });

  it('records a job period done on two nodes at once once', async () => {
    const [, , b, c] = dbs;
    for (let round = 0; round < 20; round++) {
      const row = (holder: string) => ({
        job: 'galera-race',
        period: `p${round}`,
        holder,
        started_at: toDbTime(new Date()),
        finished_at: toDbTime(new Date()),
        detail: null,
      });
      const marked = await Promise.all([
        jobsRepository.markPeriod(b, row('node2')),
        jobsRepository.markPeriod(c, row('node3')),
      ]);
      expect(marked.filter(Boolean), `round ${round}`).to.have.length(1);
    }
    const [{ n }] = await dbs[0]('job_runs').where({ job: 'galera-race' }).count({ n: '*' });
    expect(Number(n)).to.equal(20);
  });
});

/** The lease row as node db sees it, once it is there (and held by `holder` when given): replication is
 *  synchronous to certify but applied a moment later. */
async function waitForRow(db: Knex, name: string, holder?: string): Promise<{ holder: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const row = await db('job_leases').where({ name }).first('holder');
    if (row && (!holder || row.holder === holder)) return row;
    if (Date.now() > deadline) return row ?? { holder: '(none)' };
    await new Promise((r) => setTimeout(r, 20));
  }
}
