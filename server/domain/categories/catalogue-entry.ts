// The catalogue entry in force at a moment (docs/rules/catalogue.md): which unit the dispatch catalogue named for a
// category, on what duty basis and at which severity tier. A past dispatch is judged by the version in force at its
// time, so a later version that moves the duty elsewhere does not change the judgement.
import type { Executor } from '../../lib/db.ts';
import { localDate } from '../../lib/calendar.ts';

export interface CatalogueEntry {
  code: string | null;
  name: string;
  department_id: number | null;
  duty_basis: string | null;
  severity_tier: string;
  /**
   * The responsible unit is a functional department (kind municipal): its duty may not be pushed down to a street
   * or community (国办函〔2025〕66号).
   */
  functional: boolean;
  /**
   * 属地: the unit of the place (the district, street or community of the address) is responsible, not one named
   * unit (department_id null); such a matter may be passed down to streets and communities.
   */
  territorial: boolean;
}

/** The catalogue version in force at a moment: the latest effective on or before its local date (ties: the later). */
export async function versionAt(db: Executor, at: Date): Promise<{ id: number; effective_from: string } | null> {
  const row = await db('catalogue_versions')
    .where('effective_from', '<=', localDate(at))
    .orderBy([
      { column: 'effective_from', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id', 'effective_from');
  return row ? { id: Number(row.id), effective_from: row.effective_from } : null;
}

async function isFunctional(db: Executor, departmentId: number | null): Promise<boolean> {
  if (departmentId === null) return false;
  const d = await db('departments').where({ id: departmentId }).first('kind');
  return (d?.kind ?? 'municipal') === 'municipal';
}

/**
 * The entry for a category in the catalogue in force at `at`; null when that version leaves the category out (it
 * was withdrawn) or the category does not exist. A category never coded by an import (made through the plain
 * category API) is read from its row, as is every category before the first version.
 */
export async function entryAt(db: Executor, categoryId: number, at: Date): Promise<CatalogueEntry | null> {
  const version = await versionAt(db, at);
  if (version) {
    const e = await db('catalogue_entries').where({ version_id: version.id, category_id: categoryId }).first();
    if (e) {
      const department_id = e.department_id === null ? null : Number(e.department_id);
      return {
        code: e.code,
        name: e.name,
        department_id,
        duty_basis: e.duty_basis ?? null,
        severity_tier: e.severity_tier ?? 'normal',
        functional: await isFunctional(db, department_id),
        territorial: Boolean(e.territorial),
      };
    }
  }
  const c = await db('categories').where({ id: categoryId }).first();
  if (!c) return null;
  // Coded by some version but absent from the one in force: not in the catalogue at that moment.
  if (version && c.code !== null) {
    const listed = await db('catalogue_entries').where({ category_id: categoryId }).first('id');
    if (listed) return null;
  }
  const department_id = c.department_id === null ? null : Number(c.department_id);
  return {
    code: c.code ?? null,
    name: c.name,
    department_id,
    duty_basis: c.duty_basis ?? null,
    severity_tier: c.severity_tier ?? 'normal',
    functional: await isFunctional(db, department_id),
    territorial: Boolean(c.territorial),
  };
}

/**
 * The severity tier a dispatch was given: its category's leaf in the version it was dispatched under (or, before
 * assignments recorded it, the version in force at its dispatch); 'normal' when the catalogue names none.
 */
export async function tierOfDispatch(
  db: Executor,
  a: { category_id: number | null; catalogue_version_id?: number | null; dispatched_at: string },
): Promise<string> {
  if (!a.category_id) return 'normal';
  if (a.catalogue_version_id) {
    const e = await db('catalogue_entries')
      .where({ version_id: a.catalogue_version_id, category_id: a.category_id })
      .first('severity_tier');
    if (e) return e.severity_tier ?? 'normal';
  }
  const at = new Date(a.dispatched_at.replace(' ', 'T') + 'Z');
  return (await entryAt(db, a.category_id, at))?.severity_tier ?? 'normal';
}
