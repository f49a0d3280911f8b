// Bringing the categories rows in line with the catalogue version in force (docs/rules/catalogue.md). The rows are
// what the console picks from and the dispatch queue suggests by, so when a version takes effect (at its import when
// its day has come, else on the first read of the categories on or after that day) each of its codes is updated
// from its entry and made active, and every coded category it leaves out becomes inactive. Done once per version.
import type { Executor } from '../../lib/db.ts';
import { toDbTime, withTransaction } from '../../lib/db.ts';
import { versionAt } from './catalogue-entry.ts';
import { catalogueRepository as repo } from './catalogue.repository.ts';

export async function applyVersionInForce(db: Executor, now: Date): Promise<void> {
  const v = await versionAt(db, now);
  if (!v || (await repo.appliedAt(db, v.id))) return;
  await withTransaction(db, async (trx) => {
    // Another reader may have applied it meanwhile; applying twice writes the same values.
    const entries = await repo.entries(trx, v.id);
    const idOf = new Map(entries.map((e) => [e.code, e.category_id]));
    for (const e of entries) {
      await trx('categories')
        .where({ id: e.category_id })
        .update({
          name: e.name,
          code: e.code,
          parent_id: e.parent_code ? (idOf.get(e.parent_code) ?? null) : null,
          level: e.level,
          department_id: e.department_id,
          territorial: e.territorial,
          duty_basis: e.duty_basis,
          severity_tier: e.severity_tier ?? 'normal',
          // A file without an item code leaves the one set by hand (PATCH /categories/:id) in place.
          ...(e.item_code ? { item_code: e.item_code } : {}),
          active: true,
        });
    }
    const kept = entries.map((e) => e.category_id);
    await trx('categories').whereNotNull('code').whereNotIn('id', kept).update({ active: false });
    await repo.markApplied(trx, v.id, toDbTime(now));
  });
}
