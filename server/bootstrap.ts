// Start-up of a database: migrate, the signing secret, the first administrator and the demo data set.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/default.ts';
import { migrateLatest } from '../migrations/index.ts';
import type { Db } from './lib/db.ts';
import { toDbTime } from './lib/db.ts';
import { clock } from './lib/clock.ts';
import type { Services } from './services.ts';
import { loadDemoData } from './demo/demo-data.ts';

async function isEmpty(db: Db): Promise<boolean> {
  const row = await db('users').count({ n: '*' }).first();
  return Number(row?.n ?? 0) === 0;
}

/** The SECRET setting, or one generated once and kept in the database so every instance shares it. */
async function ensureSecret(db: Db, config: Config): Promise<string> {
  if (config.secret) return config.secret;
  const existing = await db('settings').where({ key: 'secret' }).first();
  if (existing) return existing.value;
  const value = randomBytes(32).toString('base64url');
  await db('settings').insert({ key: 'secret', value, created_at: toDbTime(clock.now()) }).onConflict('key').ignore();
  return (await db('settings').where({ key: 'secret' }).first()).value;
}

export async function bootstrap(s: Services): Promise<{ secret: string; demoLoaded: boolean }> {
  const { db, config, logger } = s;
  await migrateLatest(db);
  const empty = await isEmpty(db);
  const secret = await ensureSecret(db, config);
  s.signer.setSecret(secret);
  await s.calendar.reload();
  if (await s.figures.ensureRollups()) logger.info('counters filled from the records');
  if (empty && config.adminUsername && config.adminPassword) {
    await s.users.create({ username: config.adminUsername, password: config.adminPassword, display_name: '系统管理员', role: 'admin' });
    logger.info({ username: config.adminUsername }, 'administrator created');
  }
  const wantDemo = config.demoData ?? config.dbClient === 'sqlite';
  let demoLoaded = false;
  if (empty && wantDemo) {
    const started = Date.now();
    await loadDemoData(s);
    demoLoaded = true;
    logger.info({ ms: Date.now() - started }, 'demo data loaded (see README for the accounts)');
  }
  return { secret, demoLoaded };
}
