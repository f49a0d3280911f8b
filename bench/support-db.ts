// The benchmarks that drive the services in their own process: settings from the environment (DB_CLIENT,
// DATABASE_URL or DB_FILE), the database created on MariaDB when missing, and the clock set.
import { loadConfig } from '../config/default.ts';
import { createDb } from '../server/lib/db.ts';
import { clock } from '../server/lib/clock.ts';
import { createLogger } from '../server/lib/logger.ts';
import { createServices } from '../server/services.ts';

export async function inProcess(now: Date) {
  const config = loadConfig({ logLevel: 'warn', demoData: false });
  if (config.dbClient === 'mysql') await ensureDatabase(config.databaseUrl!);
  const db = createDb(config);
  const services = createServices({ db, config, logger: createLogger('warn') });
  clock.set(now);
  return { config, db, services };
}

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/mysql';
  const admin = createDb({ dbClient: 'mysql', dbFile: '', databaseUrl: u.toString() });
  await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
}
