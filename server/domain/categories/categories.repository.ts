import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { errors, isDuplicateKey } from '../../lib/errors.ts';

export interface Category {
  id: number;
  name: string;
  department_id: number | null;
  active: boolean;
  created_at: string;
  /** The coded catalogue (docs/rules/catalogue.md): null for a category no import has coded. */
  code: string | null;
  parent_id: number | null;
  level: number;
  duty_basis: string | null;
  severity_tier: string;
  /** 属地: the unit of the place answers for it (department_id null), not one named unit. */
  territorial: boolean;
  /** 事项编码: the service item's code in the provincial catalogue (ratings to the province carry it). */
  item_code: string | null;
}

const toCategory = (r: Category & { active: number | boolean; territorial: number | boolean }): Category => ({
  ...r,
  active: Boolean(r.active),
  territorial: Boolean(r.territorial),
  created_at: iso(r.created_at),
});

export const categoriesRepository = {
  async insert(
    db: Executor,
    c: { name: string; department_id: number; item_code?: string | null },
    now: string,
  ): Promise<number> {
    try {
      const [id] = await db('categories').insert({ ...c, active: true, created_at: now });
      return id as number;
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('categories.exists', { name: c.name });
      throw err;
    }
  },

  async update(db: Executor, id: number, patch: Record<string, unknown>) {
    try {
      await db('categories').where({ id }).update(patch);
    } catch (err) {
      if (isDuplicateKey(err)) throw errors.alreadyExists('categories.nameTaken');
      throw err;
    }
  },

  async find(db: Executor, id: number): Promise<Category | null> {
    const row = await db('categories').where({ id }).first();
    return row ? toCategory(row) : null;
  },

  async list(db: Executor): Promise<Category[]> {
    return (await db('categories').orderBy('id')).map(toCategory);
  },
};
