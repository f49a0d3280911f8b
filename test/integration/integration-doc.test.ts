// docs/integration.md promises its examples work against `npm start`: each fenced sh block marked
// `<!-- run: <status> <text> -->` is run here with bash, curl and openssl against a service with the demo data loaded
// (its address in place of http://localhost:3000), in the file's order, and docs/examples/sign-request.mjs posts an
// order and checks the signature of a message the service really sends. A service of its own: the shared test
// service starts without the demo data. On the run's database kind (SQLite, or MariaDB with TEST_DB=mysql).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { loadConfig } from '../../config/default.ts';
import { createApp } from '../../server/app.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { clock } from '../../server/lib/clock.ts';
import { createDb } from '../../server/lib/db.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices, type Services } from '../../server/services.ts';
import { DEMO_PEERS } from '../../server/demo/demo-peer-keys.ts';
import { webhookOutbox } from '../../server/domain/peers/webhook-outbox.ts';
import { signBody } from '../../server/domain/peers/peer-signing.ts';
import { fileDatabase, type FileDatabase } from '../helpers/test-databases.ts';

const run = promisify(execFile);
const DOC = 'docs/integration.md';
const EXAMPLE = 'docs/examples/sign-request.mjs';
const DOC_BASE = 'http://localhost:3000';

interface Runnable {
  line: number;
  status: number;
  text: string;
  script: string;
}

/** The blocks the document marks runnable: a `<!-- run: 201 word -->` line, then a fenced sh block. */
function runnableBlocks(markdown: string): Runnable[] {
  const lines = markdown.split('\n');
  const blocks: Runnable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- run: (\d{3})(?: (.*?))? -->$/.exec(lines[i].trim());
    if (!marker) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    if (lines[j]?.trim() !== '```sh') throw new Error(`${DOC}:${i + 1}: a run marker not followed by a sh block`);
    const end = lines.indexOf('```', j + 1);
    if (end < 0) throw new Error(`${DOC}:${j + 1}: an sh block that never ends`);
    blocks.push({
      line: j + 1,
      status: Number(marker[1]),
      text: marker[2] ?? '',
      script: lines.slice(j + 1, end).join('\n'),
    });
    i = end;
  }
  return blocks;
}

// curl reports each answer's status on stderr (its -w may switch streams), leaving stdout as a reader sees it.
const PRELUDE = `set -euo pipefail
curl() { command curl -sS -w '%{stderr}HTTP_STATUS %{http_code}\\n' "$@"; }
`;

/** A child process whose output is kept; `waitFor` resolves once the output so far matches. */
function startChild(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: string) => (out += chunk);
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) {
          child.stdout!.off('data', check);
          resolve(m);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      check();
    });
  return { child, waitFor, output: () => out };
}

describe('docs/integration.md: its examples against the demo data', () => {
  const blocks = runnableBlocks(fs.readFileSync(DOC, 'utf8'));
  let database: FileDatabase;
  let s: Services;
  let server: http.Server;
  let baseUrl: string;
  let attachmentsDir: string;
  const children: ChildProcess[] = [];

  before(async function () {
    this.timeout(600_000);
    database = await fileDatabase('integration-doc');
    const config = loadConfig({
      ...database.config,
      demoData: true,
      adminUsername: undefined,
      adminPassword: undefined,
      logLevel: 'silent',
      auth: {
        maxFailedLogins: 5,
        lockMinutes: 15,
        maxFailedPerAddress: 1_000_000,
        idleMinutes: 30,
        sessionMaxHours: 12,
        scryptCost: 1024,
      },
    });
    attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-doc-attachments-'));
    config.attachments = { ...config.attachments, dir: attachmentsDir };
    s = createServices({ db: createDb(config), config, logger: createLogger(config.logLevel) });
    expect((await bootstrap(s)).demoLoaded, 'the demo data loaded').to.equal(true);
    server = http.createServer((await createApp(s)).callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const c of children) c.kill();
    clock.reset();
    if (server) {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    }
    await s?.db.destroy();
    await database?.release();
    if (attachmentsDir) fs.rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('links only to its own headings (from itself, the other documents and the code)', () => {
    // GitHub's anchors: lower case, punctuation dropped (Chinese kept), spaces as hyphens.
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
    const doc = fs.readFileSync(DOC, 'utf8');
    const prose = doc.replace(/^```[\s\S]*?^```$/gm, ''); // a shell comment is no heading
    const anchors = new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1].trim())));
    const linked = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => `${DOC}: #${m[1]}`);
    for (const file of ['README.md', ...fs.readdirSync('docs').map((f) => `docs/${f}`), 'docs/rules']) {
      const files = file === 'docs/rules' ? fs.readdirSync(file).map((f) => `${file}/${f}`) : [file];
      for (const f of files.filter((x) => x.endsWith('.md'))) {
        const text = fs.readFileSync(f, 'utf8');
        linked.push(...[...text.matchAll(/integration\.md#([^)\s]+)\)/g)].map((m) => `${f}: #${m[1]}`));
      }
    }
    expect(linked).to.not.be.empty;
    expect(linked.filter((l) => !anchors.has(l.slice(l.indexOf('#') + 1)))).to.deep.equal([]);
    // The code's comments name its sections by title: docs/integration.md "Orders from an upstream".
    const named = new Set<string>();
    for (const dir of ['server', 'jobs', 'config', 'web/src', 'test', 'docs']) {
      for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|md|mjs)$/.test(f)) continue;
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        // A title a comment wraps is joined again.
        for (const m of text.matchAll(/integration\.md "([^"]+)"/g))
          named.add(m[1].replace(/\s*\n\s*(\/\/|\*)?\s*/g, ' '));
      }
    }
    const titles = new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1].trim()));
    expect(named.size).to.be.greaterThan(3);
    expect([...named].filter((t) => !titles.has(t))).to.deep.equal([]);
  });

  it('marks examples of every exchange runnable', () => {
    const all = blocks.map((b) => b.script).join('\n');
    for (const route of ['/open311/v2/discovery.json', '.xml', '/api/v1/upstream/orders', 'openssl dgst']) {
      expect(all, route).to.include(route);
    }
  });

  for (const block of blocks) {
    it(`runs the example at ${DOC}:${block.line}: ${block.status} ${block.text}`.slice(0, 110), async function () {
      this.timeout(60_000);
      const script = PRELUDE + block.script.replaceAll(DOC_BASE, baseUrl);
      const { stdout, stderr } = await run('bash', ['-c', script], { timeout: 50_000 }).catch(
        (err: { code?: number; stdout?: string; stderr?: string }) => {
          throw new Error(`bash exited ${err.code}: ${err.stderr}\n${err.stdout}`);
        },
      );
      const statuses = [...stderr.matchAll(/HTTP_STATUS (\d{3})/g)].map((m) => Number(m[1]));
      expect(statuses, `the requests' statuses (${stdout})`).to.not.be.empty;
      const last = statuses.pop()!;
      for (const status of statuses) expect(status, 'an earlier request of the block').to.be.within(200, 299);
      expect(last, stdout).to.equal(block.status);
      expect(stdout).to.include(block.text);
    });
  }

  it(`posts a signed order with ${EXAMPLE}`, async function () {
    this.timeout(30_000);
    const { stdout } = await run(process.execPath, [EXAMPLE, 'post'], {
      env: { ...process.env, HOTLINE_URL: baseUrl },
    });
    expect(stdout).to.match(/^201 \{"id":\d+,"number":"\d+"\}/);
    const number = JSON.parse(stdout.slice(4)).number;
    const ticket = await s.db('tickets').where({ number }).first();
    expect(ticket.channel).to.equal('upstream');
  });

  it(`receives the service's signed messages with ${EXAMPLE}, and refuses a forged one`, async function () {
    this.timeout(60_000);
    const { upstream } = DEMO_PEERS;
    const listener = startChild([EXAMPLE, 'listen', '0'], {
      HOTLINE_KEY_ID: upstream.keyId,
      HOTLINE_SECRET: upstream.secret,
    });
    children.push(listener.child);
    const url = `http://127.0.0.1:${(await listener.waitFor(/listening on (\d+)/))[1]}/hotline`;
    const peer = await s.db('peers').where({ code: upstream.code }).first();
    await s.db('peers').where({ id: peer.id }).update({ url });
    const payload = { upstream_id: 'SD-DOC-1', number: '20261205000001', status: 'replied', event: 'replied' };
    await webhookOutbox.enqueue(
      s.db,
      [{ peer, event: 'ticket.replied', payload, stream: 'ticket:doc-1', dedupe_key: 'doc-test:1' }],
      clock.now(),
    );
    await s.outbox.sendDue();
    const row = await s.db('outbox').where({ dedupe_key: 'doc-test:1' }).first();
    expect(row.status, row.last_error ?? '').to.equal('sent');
    // The listener's 204 may come back before its line reaches this process.
    // (Earlier examples' messages to the upstream, queued before its url was set, arrive too.)
    const [line] = await listener.waitFor(new RegExp(`.*"delivery":"wh-${row.id}".*`));
    expect(JSON.parse(line)).to.deep.include({ event: 'ticket.replied', stream: 'ticket:doc-1' });
    expect(JSON.parse(line).body).to.deep.equal(payload);

    const raw = JSON.stringify(payload);
    const post = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hotline-key': upstream.keyId,
          'x-hotline-signature': signature,
        },
        body: raw,
      });
    expect((await post(signBody('another secret', raw))).status).to.equal(401);
    expect((await post(signBody(upstream.secret, raw))).status).to.equal(204);
  });
});
