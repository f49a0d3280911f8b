// Start-up of a database: migrate, the signing secret, the first administrator and the demo data set.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/default.ts';
import { migrateLatest } from '../migrations/index.ts';
import type { Db } from './lib/db.ts';
import { toDbTime } from './lib/db.ts';
import { clock } from './lib/clock.ts';
import type { Services } from './services.ts';
import { loadDemoData } from './demo/demo-data.ts';
import { createUserSchema, type CreateUser } from './domain/users/users.schemas.ts';
import { nameOf } from './i18n/index.ts';
import { issueDetails } from './http/middleware/validate.ts';

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
  await db('settings')
    .insert({ key: 'secret', value, created_at: toDbTime(clock.now()) })
    .onConflict('key')
    .ignore();
  return (await db('settings').where({ key: 'secret' }).first()).value;
}

/**
 * The administrator ADMIN_USERNAME/ADMIN_PASSWORD ask for, checked by the rules of a user created on the page (a weak
 * password refused): a start with a bad one stops with the reason rather than create an account anyone could guess.
 */
function configuredAdmin(config: Config): CreateUser | null {
  const { adminUsername, adminPassword } = config;
  if (!adminUsername && !adminPassword) return null;
  if (!adminUsername || !adminPassword)
    throw new Error('ADMIN_USERNAME and ADMIN_PASSWORD go together: set both, or neither');
  const parsed = createUserSchema.safeParse({
    username: adminUsername,
    password: adminPassword,
    display_name: nameOf('role', 'admin', 'zh'),
    role: 'admin',
  });
  if (parsed.success) return parsed.data;
  const why = issueDetails(parsed.error.issues).map(
    (d) => `${d.path === 'password' ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME'}: ${d.message}`,
  );
  throw new Error(`the administrator cannot be created, nothing was started: ${why.join('; ')}`);
}

export async function bootstrap(s: Services): Promise<{ secret: string; demoLoaded: boolean }> {
  const { db, config, logger } = s;
  await migrateLatest(db);
  const empty = await isEmpty(db);
  const secret = await ensureSecret(db, config);
  s.signer.setSecret(secret);
  s.sealer.setSecret(secret);
  await s.calendar.reload();
  if (await s.figures.ensureRollups()) logger.info('counters filled from the records');
  const admin = empty ? configuredAdmin(config) : null;
  if (admin) {
    await s.users.create(admin);
    logger.info({ username: admin.username }, 'administrator created');
  }
  // The demo accounts share a published password: never beside a configured administrator (docs/rules/access.md),
  // even when DEMO_DATA=1 asks for them.
  if (admin && config.demoData) logger.warn('DEMO_DATA ignored: an administrator is configured (ADMIN_USERNAME)');
  const wantDemo = !admin && (config.demoData ?? config.dbClient === 'sqlite');
  let demoLoaded = false;
  if (empty && wantDemo) {
    const started = Date.now();
    await loadDemoData(s);
    demoLoaded = true;
    logger.info({ ms: Date.now() - started }, 'demo data loaded (see README for the accounts)');
  }
  return { secret, demoLoaded };
}
