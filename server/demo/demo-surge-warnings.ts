// 预警处置 in the demo (docs/rules/hot-spots.md "Warnings' life"): of the warnings the surge job raised over the demo
// month (demo-surges.ts), the supervisor assigned the older one to the unit responsible the morning after and
// closed it two days later with what was done; the newest one was acknowledged this morning and waits to be
// assigned. Whatever warnings exist are acted on (none: nothing), so the demo holds each state the page shows.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { dayStart, nextDate } from '../lib/calendar.ts';
import { unitTree } from '../domain/departments/unit-tree.ts';
import type { Cast } from './demo-catalogue.ts';

const HOUR = 3600_000;

/** Who answers for each planted kind of surge, what the supervisor asked and what was done. */
const HANDLING: Record<string, { unit?: string; note: string; resolution: string }> = {
  停水停电: {
    unit: 'water',
    note: '望京西园四区集中反映停水，疑似主管道爆裂，请立即组织抢修并设置临时供水点，抢修进度及时告知社区。',
    resolution:
      '已协调市自来水集团抢修爆裂的主管道，当日18时恢复供水；抢修期间设置2处临时供水点；' +
      '社区逐户回访，来电居民均已告知处理结果。',
  },
  供暖问题: {
    note: '和平里七区集中反映暖气不热，请协调热力公司排查供热管网，尽快恢复正常供热。',
    resolution: '已协调热力公司排查小区供热管网，更换故障循环泵，次日室温恢复至18℃以上；已逐户回访。',
  },
};
const FALLBACK = {
  note: '该区域同类诉求集中增多，请排查共性原因并统一处置。',
  resolution: '已协调责任单位排查共性原因并统一处置，相关工单均已办结回访。',
};

export async function loadSurgeWarnings(s: Services, cast: Cast, now: Date): Promise<void> {
  const warnings = await s
    .db('surge_warnings as w')
    .join('categories as c', 'c.id', 'w.category_id')
    .where('w.status', 'open')
    .orderBy([
      { column: 'w.first_day', order: 'asc' },
      { column: 'w.id', order: 'asc' },
    ])
    .select('w.id', 'w.area_unit_id', 'w.first_day', 'w.version', 'c.name as category');
  if (warnings.length === 0) return;
  const actor = cast.supervisor;
  const newest = warnings[warnings.length - 1];
  for (const w of warnings.slice(0, -1)) {
    const how = HANDLING[w.category] ?? FALLBACK;
    const unitId = (how.unit && cast.departments[how.unit]?.id) || (await districtOf(s, w.area_unit_id));
    const assignAt = new Date(dayStart(nextDate(w.first_day)).getTime() + 9 * HOUR);
    const closeAt = new Date(dayStart(nextDate(w.first_day, 3)).getTime() + 15.5 * HOUR);
    if (closeAt > now) continue;
    clock.set(assignAt);
    const assigned = await s.surgeWarnings.assign(actor, w.id, {
      version: Number(w.version),
      department_id: unitId,
      note: how.note,
    });
    clock.set(closeAt);
    await s.surgeWarnings.close(actor, w.id, { version: assigned.version, resolution: how.resolution });
  }
  // This morning (or just now, when loaded before nine): acknowledged, to be assigned.
  const morning = new Date(dayStart(nextDate(newest.first_day)).getTime() + 8.5 * HOUR);
  clock.set(morning < now ? morning : now);
  await s.surgeWarnings.acknowledge(actor, newest.id, { version: Number(newest.version) });
  clock.set(now);
}

/** The district above an area (the unit a place's matters go to), or the area itself. */
async function districtOf(s: Services, areaId: number): Promise<number> {
  const tree = await unitTree(s.db);
  const path = tree.nodes.get(areaId)?.path ?? [areaId];
  return path.find((id) => tree.nodes.get(id)?.kind === 'district') ?? areaId;
}
