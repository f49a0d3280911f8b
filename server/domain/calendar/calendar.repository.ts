import type { Executor } from '../../lib/db.ts';

export interface CalendarOverride {
  date: string;
  workday: boolean;
  note: string | null;
}

export interface ConfirmedYear {
  year: number;
  confirmed_by: number | null;
  confirmed_at: string;
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

  /**
   * A year's whole schedule in place of its overrides, and the year marked confirmed (inside the caller's
   * transaction).
   */
  async replaceYear(trx: Executor, year: number, days: CalendarOverride[], by: number | null, now: string) {
    await trx('calendar_overrides').where('date', 'like', `${year}-%`).delete();
    // Chunks keep each insert under SQLite's bound-variable limit (a year has at most 366 days, 4 values each).
    for (let i = 0; i < days.length; i += 100) {
      await trx('calendar_overrides').insert(days.slice(i, i + 100).map((d) => ({ ...d, created_at: now })));
    }
    await trx('calendar_years')
      .insert({ year, confirmed_by: by, confirmed_at: now })
      .onConflict('year')
      .merge(['confirmed_by', 'confirmed_at']);
  },

  /** Forgets a year's entered schedule (its days and the confirmation). */
  async removeYear(trx: Executor, year: number) {
    await trx('calendar_overrides').where('date', 'like', `${year}-%`).delete();
    await trx('calendar_years').where({ year }).delete();
  },

  async years(db: Executor): Promise<ConfirmedYear[]> {
    return db('calendar_years').select('year', 'confirmed_by', 'confirmed_at').orderBy('year');
  },

  /** Held tickets whose deadlines were computed on days of a year that had no schedule. */
  async unconfirmedTicketIds(db: Executor): Promise<number[]> {
    const rows = await db('tickets')
      .where('deadline_unconfirmed', true)
      .whereIn('status', ['dispatched', 'accepted', 'suspended'])
      .orderBy('id')
      .select('id');
    return rows.map((r: { id: number }) => r.id);
  },
};
