// Hot spots for the tests (docs/rules/hot-spots.md): territorial units of their own (so counts of other tests' orders
// never mix in), a surge warning written straight to its table for tests of what reads warnings, and day counts
// written as the surge job writes them (their month rows with them).
import type { Services } from '../../server/services.ts';
import { toDbTime, withTransaction, type Executor } from '../../server/lib/db.ts';
import { surgeRepository } from '../../server/domain/hotspots/surge.repository.ts';
import { clock } from '../../server/lib/clock.ts';
import type { SurgeWarningRow } from '../../server/domain/hotspots/hotspot.types.ts';
import { makeCategory, uniq } from './factories.ts';
import { testApp } from './test-app.ts';

/** A district with two streets, the first with one community: a small area tree of its own. */
export async function makeAreas() {
  const { services } = await testApp();
  const unit = (kind: 'district' | 'street' | 'community', parent_id: number | null, prefix: string) =>
    services.departments.create({
      name: uniq(prefix),
      group: kind === 'district' ? '区县' : kind === 'street' ? '街道乡镇' : '社区村',
      kind,
      parent_id,
      email: `${uniq('a')}@area.example`,
      head_email: `${uniq('head')}@area.example`,
    });
  const district = await unit('district', null, '测试区');
  const street = await unit('street', district.id, '测试街道');
  const otherStreet = await unit('street', district.id, '另一街道');
  const community = await unit('community', street.id, '测试社区');
  const category = await makeCategory(district.id);
  return { district, street, otherStreet, community, category };
}

/**
 * area_daily_counts rows written as the surge job writes a day's changes (a row already there takes the new count),
 * each day's month rows (area_month_counts) getting the differences, as the bulletin reads them.
 */
export async function writeDayCounts(
  db: Executor,
  rows: Array<{ area_unit_id: number; category_id: number; day: string; count: number }>,
): Promise<void> {
  const byDay = new Map<string, typeof rows>();
  for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  for (const [day, list] of byDay)
    await withTransaction(db, async (trx) => {
      const stored = await surgeRepository.dayRows(trx, day);
      const changed = list.map((r): [{ area: number; category: number }, number] => [
        { area: r.area_unit_id, category: r.category_id },
        r.count,
      ]);
      await surgeRepository.writeDay(trx, day, changed, [], stored);
    });
}

/** A warning row as the surge job would write it (open unless `over` says otherwise); answers its id. */
export async function insertWarning(
  s: Services,
  over: Partial<SurgeWarningRow> & Pick<SurgeWarningRow, 'area_unit_id' | 'category_id'>,
): Promise<number> {
  const now = toDbTime(clock.now());
  const day = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const [id] = await s.db('surge_warnings').insert({
    first_day: day,
    last_day: day,
    count: 12,
    peak: 12,
    baseline: 1.5,
    control_limit: 7,
    status: 'open',
    version: 1,
    created_at: now,
    updated_at: now,
    ...over,
  });
  return Number(id);
}
