import type { Executor } from '../../lib/db.ts';

export interface CalendarOverride {
  date: string;
  workday: boolean;
  note: string | null;
}

export const calendarRepository = {
  async upsert(db: Executor, o: CalendarOverride, now: string) {
    await db('calendar_overrides')
      .insert({ ...o, created_at: now })
      .onConflict('date')
      .merge(['workday', 'note']);
  },

  async remove(db: Executor, date: string): Promise<number> {
    return db('calendar_overrides').where({ date }).delete();
  },

  async list(db: Executor, year?: number): Promise<CalendarOverride[]> {
    const q = db('calendar_overrides').select('date', 'workday', 'note').orderBy('date');
    if (year) q.where('date', 'like', `${year}-%`);
    return (await q).map((r: CalendarOverride) => ({ ...r, workday: Boolean(r.workday) }));
  },
};
