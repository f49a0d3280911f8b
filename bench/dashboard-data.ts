// A large city's month for the dashboard benchmark (docs/benchmarks.md: Beijing, some 68,000 contacts a day), written
// straight into the tables in batches: calls and orders spread over the last 30 days; half the orders of the last
// 10 days still open (some 150,000 at 30,000 a day) and 5 in 100 of those past a yellow moment or a deadline.
// Uses the demo data set's departments and categories, so it runs after the demo data is loaded.
import type { Knex } from 'knex';
import { createDb, toDbTime } from '../server/lib/db.ts';

const BATCH = 500;
const DAY = 86_400_000;

async function insertAll(db: Knex, table: string, n: number, row: (i: number) => Record<string, unknown>) {
  for (let done = 0; done < n;) {
    await db.transaction(async (trx) => {
      for (let k = 0; k < 40 && done < n; k++) {
        const rows = Array.from({ length: Math.min(BATCH, n - done) }, (_, j) => row(done + j));
        await trx(table).insert(rows);
        done += rows.length;
      }
    });
  }
}

export async function seedVolume(
  env: Record<string, string>,
  volume: { tickets: number; calls: number },
): Promise<void> {
  const db = createDb({
    dbClient: env.DB_CLIENT as 'sqlite' | 'mysql',
    dbFile: env.DB_FILE ?? '',
    databaseUrl: env.DATABASE_URL,
  });
  try {
    const departments = (await db('departments').select('id')).map((r) => r.id as number);
    const categories = (await db('categories').select('id')).map((r) => r.id as number);
    const now = Date.now();
    const back = (ms: number) => toDbTime(new Date(now - ms));
    await insertAll(db, 'calls', volume.calls, (i) => {
      const at = now - ((i * 7919) % ((30 * DAY) / 1000)) * 1000;
      return {
        caller_phone: `139${String(i % 1e8).padStart(8, '0')}`,
        started_at: toDbTime(new Date(at)),
        started_day: new Date(at + 8 * 3_600_000).toISOString().slice(0, 10),
        answered: i % 14 !== 0,
        wait_s: i % 37,
        talk_s: 120,
        created_at: toDbTime(new Date(at)),
      };
    });
    await insertAll(db, 'tickets', volume.tickets, (i) => {
      const created = now - ((i * 6247) % ((30 * DAY) / 1000)) * 1000;
      const open =
        now - created > 10 * DAY || i % 2 ? null : ['dispatched', 'accepted', 'accepted', 'replied'][(i >> 1) % 4];
      // Of the open ones, 2 in 100 overdue (red), 3 more in their last working day (yellow).
      const late = i % 100 < 2 ? 'red' : i % 100 < 5 ? 'yellow' : 'none';
      const due = late === 'red' ? back(3_600_000) : late === 'yellow' ? back(-6 * 3_600_000) : back(-10 * DAY);
      const dueYellow = late === 'none' ? back(-9 * DAY) : back(5 * 3_600_000);
      return {
        number: `B${String(i).padStart(13, '0')}`,
        channel: 'phone',
        type: 'complaint',
        urgency: 'normal',
        title: '基准测试工单',
        description: '基准测试工单',
        category_id: categories[i % categories.length],
        status: open ?? 'closed',
        department_id: departments[i % departments.length],
        sign_deadline_at: back(-DAY),
        sign_yellow_at: back(-DAY / 2),
        due_at: due,
        due_yellow_at: dueYellow,
        signed_at: open === 'dispatched' ? null : toDbTime(new Date(created + 3_600_000)),
        closed_at: open ? null : toDbTime(new Date(created + 2 * DAY)),
        created_at: toDbTime(new Date(created)),
        updated_at: toDbTime(new Date(created)),
      };
    });
    if (env.DB_CLIENT === 'mysql') await db.raw('ANALYZE TABLE tickets, calls');
    else await db.raw('ANALYZE');
  } finally {
    await db.destroy();
  }
}
