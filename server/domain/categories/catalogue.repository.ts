// The catalogue's versions and their entries (docs/rules/catalogue.md). Every query of them is here.
import type { Executor } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import type { CheckedEntry } from './catalogue-check.ts';

export interface CatalogueVersion {
  id: number;
  label: string;
  effective_from: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
  entry_count: number;
}

export interface StoredEntry {
  category_id: number;
  code: string;
  name: string;
  parent_code: string | null;
  level: number;
  department_id: number | null;
  department_name: string | null;
  /** 属地: the unit of the place answers for it (department_id null). */
  territorial: boolean;
  duty_basis: string | null;
  severity_tier: string | null;
  /** 事项编码 as the version's file gave it (null: none given). */
  item_code: string | null;
}

const toVersion = (r: Record<string, unknown>): CatalogueVersion => ({
  id: Number(r.id),
  label: String(r.label),
  effective_from: String(r.effective_from),
  note: (r.note as string | null) ?? null,
  created_by: r.created_by === null ? null : Number(r.created_by),
  created_at: iso(r.created_at as string),
  entry_count: Number(r.entry_count),
});

export const catalogueRepository = {
  async versions(db: Executor): Promise<CatalogueVersion[]> {
    const rows = await db('catalogue_versions').orderBy([
      { column: 'effective_from', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toVersion);
  },

  async version(db: Executor, id: number): Promise<CatalogueVersion | null> {
    const row = await db('catalogue_versions').where({ id }).first();
    return row ? toVersion(row) : null;
  },

  async insertVersion(
    db: Executor,
    v: { label: string; effective_from: string; note: string | null; created_by: number | null; count: number },
    now: string,
  ): Promise<number> {
    const [id] = await db('catalogue_versions').insert({
      label: v.label,
      effective_from: v.effective_from,
      note: v.note,
      created_by: v.created_by,
      created_at: now,
      entry_count: v.count,
    });
    return Number(id);
  },

  async insertEntries(db: Executor, versionId: number, entries: (CheckedEntry & { category_id: number })[]) {
    const rows = entries.map((e) => ({
      version_id: versionId,
      category_id: e.category_id,
      code: e.code,
      name: e.name,
      parent_code: e.parent_code,
      level: e.level,
      department_id: e.department_id,
      territorial: e.territorial,
      duty_basis: e.duty_basis,
      severity_tier: e.severity_tier,
      item_code: e.item_code,
    }));
    // In slices: SQLite binds at most 32766 variables a statement, and a provincial catalogue has thousands of rows.
    for (let i = 0; i < rows.length; i += 500) await db('catalogue_entries').insert(rows.slice(i, i + 500));
  },

  async entries(db: Executor, versionId: number): Promise<StoredEntry[]> {
    const rows = await db('catalogue_entries as e')
      .leftJoin('departments as d', 'd.id', 'e.department_id')
      .where('e.version_id', versionId)
      .orderBy('e.code')
      .select(
        'e.category_id',
        'e.code',
        'e.name',
        'e.parent_code',
        'e.level',
        'e.department_id',
        'd.name as department_name',
        'e.territorial',
        'e.duty_basis',
        'e.severity_tier',
        'e.item_code',
      );
    return rows.map((r) => ({
      ...r,
      category_id: Number(r.category_id),
      level: Number(r.level),
      department_id: r.department_id === null ? null : Number(r.department_id),
      territorial: Boolean(r.territorial),
    }));
  },

  /** Whether any unit was dispatched an order at or after a moment (stored time). */
  async dispatchedSince(db: Executor, at: string): Promise<boolean> {
    return Boolean(await db('assignments').where('dispatched_at', '>=', at).first('id'));
  },

  /** The version whose categories rows were last brought in line, i.e. applied. */
  async markApplied(db: Executor, id: number, now: string) {
    await db('catalogue_versions').where({ id }).update({ applied_at: now });
  },

  async appliedAt(db: Executor, id: number): Promise<string | null> {
    return (await db('catalogue_versions').where({ id }).first('applied_at'))?.applied_at ?? null;
  },
};
