// Database set-up for the intake benchmarks (knowledge search, calls).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../server/lib/db.ts';

export const dbEnv = (): Record<string, string> => {
  if (process.env.DB_CLIENT === 'mysql') {
    if (!process.env.DATABASE_URL) throw new Error('DB_CLIENT=mysql needs DATABASE_URL');
    return { DB_CLIENT: 'mysql', DATABASE_URL: process.env.DATABASE_URL };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  return { DB_CLIENT: 'sqlite', DB_FILE: path.join(dir, 'bench.sqlite') };
};

/** Creates the MariaDB database when missing and empties it, so every run starts alike. */
export async function freshMysql(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/mysql';
  const admin = createDb({ dbClient: 'mysql', dbFile: '', databaseUrl: u.toString() });
  await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
}
