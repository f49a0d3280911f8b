// Hot spots for the tests (docs/rules/hot-spots.md): territorial units of their own (so counts of other tests' orders
// never mix in), and a surge warning written straight to its table for tests of what reads warnings.
import type { Services } from '../../server/services.ts';
import { toDbTime } from '../../server/lib/db.ts';
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
