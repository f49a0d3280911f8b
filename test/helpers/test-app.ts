// One service per test run, on a real database: a fresh SQLite file, or MariaDB when TEST_DB=mysql.
// Each run migrates forward, all the way back and forward again, so every `down` is exercised too.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../config/default.ts';
import { createDb } from '../../server/lib/db.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices, type Services } from '../../server/services.ts';
import { createApp } from '../../server/app.ts';
import { LiveHub } from '../../server/live/hub.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { migrateLatest, rollbackAll } from '../../migrations/index.ts';

export interface TestApp {
  services: Services;
  hub: LiveHub;
  baseUrl: string;
  dbKind: 'sqlite' | 'mysql';
}

let current: Promise<TestApp> | null = null;
let server: http.Server | null = null;

export function testDbConfig(): Pick<Config, 'dbClient' | 'dbFile' | 'databaseUrl'> {
  if (process.env.TEST_DB === 'mysql') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DB=mysql needs TEST_DATABASE_URL');
    return { dbClient: 'mysql', dbFile: '', databaseUrl: url };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-test-'));
  return { dbClient: 'sqlite', dbFile: path.join(dir, 'test.sqlite') };
}

/** Creates the MariaDB test database when missing, so each worktree or suite can name its own. */
async function ensureMysqlDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/';
  const admin = createDb({ dbClient: 'mysql', dbFile: '', databaseUrl: u.toString().replace(/\/$/, '/mysql') });
  await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
}

async function start(): Promise<TestApp> {
  const dbConfig = testDbConfig();
  if (dbConfig.dbClient === 'mysql') await ensureMysqlDatabase(dbConfig.databaseUrl!);
  const config = loadConfig({
    ...dbConfig,
    demoData: false,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Every test request comes from 127.0.0.1 (all suites, one address): the sign-in tests of an address's limit
    // lower it.
    auth: { maxFailedLogins: 5, lockMinutes: 15, maxFailedPerAddress: 1_000_000, idleMinutes: 30, sessionMaxHours: 12, scryptCost: 1024 },
    // Every test request comes from 127.0.0.1: the public limit would otherwise count them all as one client.
    // The limiter's own test lowers it for a moment.
    // Wrong guesses at the progress look-up are counted per ticket number, so the defaults hold here.
    rateLimit: { windowSeconds: 60, publicPerWindow: 1_000_000, open311PerWindow: 1_000_000, lookupFailures: 5, lookupFailureMinutes: 60, lookupCooldownMinutes: 60 },
  });
  const db = createDb(config);
  await migrateLatest(db);
  await rollbackAll(db);
  const services = createServices({ db, config, logger: createLogger(config.logLevel) });
  await bootstrap(services);
  server = http.createServer((await createApp(services)).callback());
  const hub = new LiveHub(services, { pollMs: 200 });
  hub.attach(server);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { services, hub, baseUrl: `http://127.0.0.1:${port}`, dbKind: config.dbClient };
}

/** The shared test service, started on first use. */
export function testApp(): Promise<TestApp> {
  current ??= start();
  return current;
}

/** The shared test service if a test started it, else null (a suite that never needed one). */
export async function testAppIfStarted(): Promise<TestApp | null> {
  return current ? current : null;
}

export async function stopTestApp(): Promise<void> {
  if (!current) return;
  const app = await current;
  await app.hub.close();
  await new Promise((resolve) => server?.close(resolve));
  await app.services.db.destroy();
  current = null;
}
