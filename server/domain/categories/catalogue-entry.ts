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

/** The units among `ids` that are not functional (a kind other than municipal, the kind of a unit with none), in one
 *  read. */
async function unitsNotFunctional(db: Executor, ids: Array<number | null>): Promise<Set<number>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Set();
  const rows: Array<{ id: number; kind: string | null }> = await db('departments')
    .whereIn('id', wanted)
    .select('id', 'kind');
  return new Set(rows.filter((d) => (d.kind ?? 'municipal') !== 'municipal').map((d) => Number(d.id)));
}

/**
 * The entry for a category in the catalogue in force at `at`; null when that version leaves the category out (it
 * was withdrawn) or the category does not exist. A category never coded by an import (made through the plain
 * category API) is read from its row, as is every category before the first version.
 */
export async function entryAt(db: Executor, categoryId: number, at: Date): Promise<CatalogueEntry | null> {
  return (await entriesAt(db, [categoryId], at)).get(categoryId) ?? null;
}

/**
 * entryAt for many categories in a handful of statements, whatever their number (a creation batch's orders over
 * twenty categories read three statements each, one after another, inside the batch's transaction). Categories
 * without an entry are absent from the answer.
 */
export async function entriesAt(
  db: Executor,
  categoryIds: number[],
  at: Date,
  /** versionAt(db, at), when the caller has read it already. */
  inForce?: Awaited<ReturnType<typeof versionAt>>,
): Promise<Map<number, CatalogueEntry>> {
  const ids = [...new Set(categoryIds)];
  const found = new Map<number, Omit<CatalogueEntry, 'functional'>>();
  const version = inForce !== undefined ? inForce : ids.length ? await versionAt(db, at) : null;
  if (version) {
    const entries = await db('catalogue_entries').where({ version_id: version.id }).whereIn('category_id', ids);
    for (const e of entries)
      found.set(Number(e.category_id), {
        code: e.code,
        name: e.name,
        department_id: e.department_id === null ? null : Number(e.department_id),
        duty_basis: e.duty_basis ?? null,
        severity_tier: e.severity_tier ?? 'normal',
        territorial: Boolean(e.territorial),
      });
  }
  const rest = ids.filter((id) => !found.has(id));
  const rows = rest.length ? await db('categories').whereIn('id', rest) : [];
  // Coded by some version but absent from the one in force: not in the catalogue at that moment.
  const coded = rows.filter((c: { code: string | null }) => version && c.code !== null).map((c) => Number(c.id));
  const listed = new Set(
    coded.length
      ? (await db('catalogue_entries').whereIn('category_id', coded).distinct('category_id')).map((e) =>
          Number(e.category_id),
        )
      : [],
  );
  for (const c of rows) {
    if (listed.has(Number(c.id))) continue;
    found.set(Number(c.id), {
      code: c.code ?? null,
      name: c.name,
      department_id: c.department_id === null ? null : Number(c.department_id),
      duty_basis: c.duty_basis ?? null,
      severity_tier: c.severity_tier ?? 'normal',
      territorial: Boolean(c.territorial),
    });
  }
  const notFunctional = await unitsNotFunctional(
    db,
    [...found.values()].map((e) => e.department_id),
  );
  return new Map(
    [...found].map(([id, e]) => [
      id,
      { ...e, functional: e.department_id !== null && !notFunctional.has(e.department_id) },
    ]),
  );
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
