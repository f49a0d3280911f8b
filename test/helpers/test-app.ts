// One service per test file, on a database of its own (a copy of the run's migrated template: a fresh SQLite file,
// or a MariaDB database when TEST_DB=mysql), so what one file writes never meets another file's counts or queues.
// The root hooks (hooks.ts) open a file's service before its first suite and close it, counters checked, after
// its last.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/default.ts';
import { createDb } from '../../server/lib/db.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices, type Services } from '../../server/services.ts';
import { createApp } from '../../server/app.ts';
import { LiveHub } from '../../server/live/hub.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { fileDatabase, type FileDatabase } from './test-databases.ts';

export interface TestApp {
  services: Services;
  hub: LiveHub;
  baseUrl: string;
  dbKind: 'sqlite' | 'mysql';
}

let current: Promise<TestApp> | null = null;
let running: { server: http.Server; hub: LiveHub; services: Services; database: FileDatabase } | null = null;
/** The test file whose service testApp() answers (named in its database, for whoever reads a leftover one). */
let file = 'tests';

async function start(): Promise<TestApp> {
  const database = await fileDatabase(file);
  const config = loadConfig({
    ...database.config,
    demoData: false,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test request comes from 127.0.0.1 (all suites, one address): the sign-in tests of an address's limit
    // lower it.
    auth: {
      maxFailedLogins: 5,
      lockMinutes: 15,
      maxFailedPerAddress: 1_000_000,
      idleMinutes: 30,
      sessionMaxHours: 12,
      scryptCost: 1024,
    },
    // Every test request comes from 127.0.0.1: the public limit would otherwise count them all as one client.
    // The limiter's own test lowers it for a moment.
    // Wrong guesses at the progress look-up are counted per ticket number, so the defaults hold here.
    rateLimit: {
      windowSeconds: 60,
      publicPerWindow: 1_000_000,
      open311PerWindow: 1_000_000,
      lookupFailures: 5,
      lookupFailureMinutes: 60,
      lookupCooldownMinutes: 60,
    },
  });
  // Each file's attachments in a folder of its own, dropped with its database.
  config.attachments = { ...config.attachments, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-attachments-')) };
  // No daily report files unless a test asks (data-report.test.ts gives its own folder): never into the repository.
  config.dataReport = { ...config.dataReport, dir: '' };
  const db = createDb(config);
  const services = createServices({ db, config, logger: createLogger(config.logLevel) });
  await bootstrap(services);
  const server = http.createServer((await createApp(services)).callback());
  // A test may work on the services for longer than Node's 5 s between two requests: the client's kept connection
  // must still be open then, not closed by the server at the moment the next request goes out (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  const hub = new LiveHub(services, { pollMs: 200 });
  hub.attach(server);
  running = { server, hub, services, database };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { services, hub, baseUrl: `http://127.0.0.1:${port}`, dbKind: config.dbClient };
}

/** The test file's service, started on first use. */
export function testApp(): Promise<TestApp> {
  current ??= start();
  return current;
}

/** The file's service if a test started it, else null (a suite that never needed one). */
export async function testAppIfStarted(): Promise<TestApp | null> {
  return current ? current : null;
}

/** The next service testApp() starts is this test file's (the one before it is stopped first). */
export async function beginTestFile(name: string): Promise<void> {
  await stopTestApp();
  file = name;
}

/** Stops the file's service and drops its database. */
export async function stopTestApp(): Promise<void> {
  if (!current) return;
  const starting = current;
  current = null;
  await starting.catch(() => undefined);
  const app = running;
  running = null;
  if (!app) return;
  await app.hub.close();
  await new Promise((resolve) => {
    app.server.close(resolve);
    app.server.closeAllConnections(); // a page a test left open must not keep the file's service up
  });
  await app.services.db.destroy();
  await app.database.release();
  fs.rmSync(app.services.config.attachments.dir, { recursive: true, force: true });
}
