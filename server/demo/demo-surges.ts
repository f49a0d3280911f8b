// 突增预警 in the demo (docs/rules/hot-spots.md "Surges"): a dozen 供暖问题 complaints yesterday in 和平里七区社区
// (a heating loop that failed overnight) and ten 停水停电 complaints twelve days ago in 望京西园四区社区 (a burst
// main), on top of the month's ordinary orders. The surge job is then run as if it had run every day at 18:00 and
// at the moment of loading, so the month is counted and both warnings exist with their mails and texts queued.
// DEMO_SURGES lets the benchmark load the demo month without the planted orders, or without running the job.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { dayStart, localDate, nextDate } from '../lib/calendar.ts';
import type { Cast } from './demo-catalogue.ts';

export const DEMO_SURGES = {
  /** Plant the two surges (false: the demo month's ordinary orders only). */
  planted: true,
  /** Run the surge job over the month (false: leave area_daily_counts and the warnings empty). */
  detect: true,
};

const HOUR = 3600_000;

interface Planted {
  daysAgo: number;
  community: string;
  category: string;
  /** The Beijing hour of the first call; the others follow every `every` minutes. */
  from: number;
  every: number;
  calls: Array<[string, string]>;
}

export const PLANTED_SURGES: Planted[] = [
  {
    daysAgo: 12,
    community: 'wangjingxiyuan4',
    category: '停水停电',
    from: 7,
    every: 35,
    calls: [
      ['望京西园四区411号楼', '家中突然停水，没有任何通知'],
      ['望京西园四区402号楼', '早上起来没水，物业说是主管道爆裂'],
      ['望京西园四区415号楼', '停水一上午了，老人做饭都困难'],
      ['望京西园四区408号楼', '小区停水，门口路面冒水'],
      ['望京西园四区420号楼', '停水后一直没有送水车'],
      ['望京西园四区406号楼', '家里有婴儿，停水很不方便，何时恢复'],
      ['望京西园四区413号楼', '小区停水，询问抢修进度'],
      ['望京西园四区401号楼', '停水半天，希望尽快恢复供水'],
      ['望京西园四区417号楼', '停水期间能否安排临时供水点'],
      ['望京西园四区409号楼', '下午仍然停水，要求尽快修复'],
    ],
  },
  {
    daysAgo: 1,
    community: 'hepingli7',
    category: '供暖问题',
    from: 6,
    every: 50,
    calls: [
      ['和平里七区12号楼', '暖气不热，室内只有14度'],
      ['和平里七区15号楼', '今天早上暖气突然不热了'],
      ['和平里七区9号楼', '家里暖气片冰凉，老人受不了'],
      ['和平里七区12号楼', '暖气不热，物业电话打不通'],
      ['和平里七区21号楼', '暖气温度很低，孩子感冒了'],
      ['和平里七区7号楼', '整栋楼暖气都不热'],
      ['和平里七区18号楼', '暖气不热，询问供热站何时检修'],
      ['和平里七区3号楼', '暖气回水管冰凉，室温十几度'],
      ['和平里七区15号楼', '暖气不热已经一天了'],
      ['和平里七区10号楼', '家中暖气不热，要求尽快解决'],
      ['和平里七区22号楼', '暖气片不热，家里有病人'],
      ['和平里七区6号楼', '小区暖气普遍不热，希望统一处理'],
    ],
  },
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙';

export async function loadSurges(s: Services, cast: Cast, now: Date, options = DEMO_SURGES): Promise<void> {
  if (options.planted) await plant(s, cast, now);
  if (options.detect) await detectOverTheMonth(s, now);
}

async function plant(s: Services, cast: Cast, now: Date) {
  const operator = cast.operators[0];
  for (const p of PLANTED_SURGES) {
    const day = localDate(new Date(now.getTime() - p.daysAgo * 24 * HOUR));
    for (const [i, [place, title]] of p.calls.entries()) {
      clock.set(new Date(dayStart(day).getTime() + p.from * HOUR + i * p.every * 60_000));
      await s.tickets.create(operator, {
        channel: 'phone',
        type: 'complaint',
        urgency: 'normal',
        title,
        description: `来电人反映${place}${title}，希望有关部门尽快处理。`,
        address: `${cast.departments[p.community].name}${place}`,
        area_unit_id: cast.departments[p.community].id,
        category_id: cast.categories[p.category].id,
        caller_name: `${SURNAMES[i % SURNAMES.length]}${i % 2 ? '女士' : '先生'}`,
        caller_phone: `1360123${String(4000 + p.daysAgo * 20 + i).padStart(4, '0')}`,
        confidential: false,
      });
    }
  }
}

/** The job as it would have run: each day at 18:00 (finalizing the day before), then at the moment of loading. */
async function detectOverTheMonth(s: Services, now: Date) {
  const first = await s.db('tickets').min({ at: 'created_at' }).first();
  if (!first?.at) return;
  const today = localDate(now);
  let day = localDate(new Date(`${String(first.at).replace(' ', 'T')}Z`));
  for (; day < today; day = nextDate(day)) {
    const at = new Date(dayStart(day).getTime() + 18 * HOUR);
    clock.set(at);
    await s.surges.run(at);
  }
  clock.set(now);
  const result = await s.surges.run(now);
  s.logger.debug({ ...result, days: result.days.length }, 'demo surges counted');
}
