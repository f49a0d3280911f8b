// The demo month without its planted surges (server/demo/demo-surges.ts DEMO_SURGES.planted = false), loaded into a
// temp SQLite database as `npm start` loads it: the demo itself runs the surge job over the month (each day at 18:00,
// then at the moment of loading), so hotspot_days holds the pairs tested per day and surge_warnings what it raised.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/default.ts';
import { migrateLatest } from '../migrations/index.ts';
import { bootstrap } from '../server/bootstrap.ts';
import { DEMO_SURGES } from '../server/demo/demo-surges.ts';
import { createDb } from '../server/lib/db.ts';
import { createLogger } from '../server/lib/logger.ts';
import { unitTree } from '../server/domain/departments/unit-tree.ts';
import { createServices } from '../server/services.ts';

export interface DemoMonth {
  days: number;
  orders: number;
  /** Pairs tested, summed over the days; alarm pair-days: the days' alarming pairs, summed. */
  pairDays: number;
  alarmDays: number;
  warnings: number;
  list: string[];
}

/** `planted`: with the demo's planted surges (what the demo shows), to compare. */
export async function demoMonth(planted = false): Promise<DemoMonth> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-surge-demo-'));
  const config = loadConfig({
    dbClient: 'sqlite',
    dbFile: path.join(dir, 'demo.sqlite'),
    databaseUrl: undefined,
    demoData: true,
    adminUsername: undefined,
    adminPassword: undefined,
    logLevel: 'silent',
  });
  const db = createDb(config);
  DEMO_SURGES.planted = planted;
  try {
    await migrateLatest(db);
    const s = createServices({ db, config, logger: createLogger('silent') });
    // The demo's ticket creation reads the unit tree outside its caller's transaction (tickets.service.ts), and
    // SQLite has one connection: once the tree's 5 s cache runs out mid-transaction the load waits forever. Kept fresh.
    const fresh = setInterval(() => void unitTree(db).catch(() => undefined), 1000);
    await bootstrap(s).finally(() => clearInterval(fresh));
    const days = await db('hotspot_days').orderBy('day').select('day', 'orders', 'pairs', 'warnings');
    const tested = days.filter((d) => Number(d.pairs) > 0);
    const warnings = await db('surge_warnings as w')
      .join('departments as a', 'a.id', 'w.area_unit_id')
      .join('categories as c', 'c.id', 'w.category_id')
      .orderBy('w.first_day')
      .select('w.first_day', 'w.count', 'w.baseline', 'w.control_limit', 'a.name as area', 'c.name as category');
    return {
      days: tested.length,
      orders: tested.reduce((n, d) => n + Number(d.orders), 0),
      pairDays: tested.reduce((n, d) => n + Number(d.pairs), 0),
      alarmDays: tested.reduce((n, d) => n + Number(d.warnings), 0),
      warnings: warnings.length,
      list: warnings.map(
        (w) =>
          `${w.first_day} ${w.area} ${w.category}: ${w.count} orders, baseline ${Number(w.baseline).toFixed(2)}, ` +
          `limit ${w.control_limit}`,
      ),
    };
  } finally {
    DEMO_SURGES.planted = true;
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
