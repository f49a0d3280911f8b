// The everyday traffic of the demo month: calls on every day of the last four weeks, each living the usual
// life (answered on the phone, or dispatched, signed, replied and called back) as far as time has got.
import { contactFirst } from './demo-contacts.ts';
import type { CreateTicket } from '../domain/tickets/tickets.schemas.ts';
import { localDate, nextDate } from '../lib/calendar.ts';
import { CATEGORIES, DEPARTMENTS } from './demo-catalogue.ts';
import { Script, Story } from './demo-story.ts';
import { ISSUES, PLACES, callerName, mobile, type Issue } from './demo-texts.ts';
import type { DemoTime, Rng } from './demo-time.ts';

export interface Demo {
  sc: Script;
  t: DemoTime;
  rng: Rng;
}

export interface Call {
  input: CreateTicket;
  issue: Issue;
  department: string;
  place: string;
}

// November in the demo city: the heating season has just begun, and year-end wage arrears come in.
const CATEGORY_WEIGHTS: [string, number][] = [
  ['供暖问题', 14],
  ['物业管理', 12],
  ['噪音扰民', 8],
  ['施工扰民', 6],
  ['劳动欠薪', 8],
  ['公积金提取', 8],
  ['社保缴纳', 6],
  ['垃圾清运', 7],
  ['占道经营', 5],
  ['食品安全', 5],
  ['消费纠纷', 6],
  ['公交运营', 5],
  ['出租车服务', 3],
  ['道路破损', 5],
  ['房屋租赁', 4],
  ['餐饮油烟', 4],
];
const DISTRICT_WEIGHTS: [string, number][] = [
  ['chaoyang', 25],
  ['haidian', 22],
  ['fengtai', 15],
  ['tongzhou', 13],
  ['dongcheng', 12],
  ['xicheng', 13],
];
const districtName = (key: string) => DEPARTMENTS.find((d) => d.key === key)!.name;

/** A resident's call about an issue of a category (the first whose title contains `like`, or any). */
export function call(
  d: Demo,
  category?: string,
  like?: string,
  over: { district?: string; urgent?: boolean; place?: string } = {},
): Call {
  const { rng } = d;
  const cat = category ?? rng.weighted(CATEGORY_WEIGHTS);
  const issue = like ? ISSUES[cat].find((x) => x.title.includes(like))! : rng.pick(ISSUES[cat]);
  if (!issue) throw new Error(`demo plan: no issue "${like}" in ${cat}`);
  const district = over.district ?? rng.weighted(DISTRICT_WEIGHTS);
  const [street, place] = over.place ? PLACES[district].find(([, p]) => p === over.place)! : rng.pick(PLACES[district]);
  const urgent = over.urgent ?? (issue.urgent === true && rng.chance(0.35));
  const fill = (s: string) => s.replaceAll('{p}', place);
  const spec = CATEGORIES.find((c) => c.name === cat)!;
  return {
    issue,
    place,
    department: spec.local ? district : spec.department,
    input: {
      channel: urgent
        ? 'phone'
        : rng.weighted([
            ['phone', 75],
            ['wechat', 12],
            ['web', 13],
          ] as const),
      type: issue.type,
      urgency: urgent ? 'urgent' : 'normal',
      title: fill(issue.title),
      description: fill(issue.description),
      category_id: d.sc.cast.categories[cat].id,
      // A policy question has no place; everything else is somewhere.
      address: issue.description.includes('{p}')
        ? `${districtName(district)}${street}${place}${rng.int(1, 36)}号`
        : null,
      caller_name: callerName(rng),
      caller_phone: mobile(rng),
      confidential: issue.confidential === true,
    },
  };
}

const hourOf = (t: Date) => Number(new Date(t.getTime() + 8 * 3600_000).toISOString().slice(11, 13));

export function callbackScore(d: Demo): number {
  return d.rng.weighted([
    [5, 55],
    [4, 30],
    [3, 15],
  ]);
}

/** The usual life of a call, cut where today begins. */
export function live(d: Demo, c: Call, created: Date): Story {
  const { t, rng } = d;
  const story = new Story(d.sc, c.input, created);
  const day = localDate(created);
  if (c.issue.type === 'inquiry' && rng.chance(0.7)) return story.answer(t.later(created, 3, 12), c.issue.resolution);
  const dispatched = t.later(created, 5, 40);
  story.dispatch(dispatched, c.department);
  if (c.input.urgency === 'urgent') {
    // Urgent orders are worked at once, whatever the hour: the departments keep someone on duty.
    const signed = t.later(dispatched, 5, 25);
    contactFirst(story, dispatched, signed);
    story.sign(signed).reply(t.later(signed, 90, 300), c.issue.resolution);
    if (nextDate(day) < t.today) story.callback(t.during(nextDate(day), '09:00', '18:00'), callbackScore(d));
    return story;
  }
  // days[i]: the working days on which the department could act, the day of the call first when it is one.
  const days = [...(t.isWorkday(day) ? [day] : []), ...t.workdaysAfter(day)];
  const sameDay = days[0] === day && hourOf(dispatched) < 16 && rng.chance(0.55);
  const s = sameDay || days[0] !== day ? 0 : 1;
  if (s >= days.length) return story;
  const signed = sameDay ? t.later(dispatched, 20, 150) : t.during(days[s], '08:45', '11:30');
  contactFirst(story, dispatched, signed);
  story.sign(signed);
  const due = d.sc.s.config.rules.dueWorkdays[c.issue.type];
  const span = rng.chance(0.08) ? due + rng.int(1, 2) : due <= 5 ? rng.int(0, due - 2) : rng.int(1, 10);
  const r = s + span;
  if (r >= days.length) return story;
  const replied = r === s ? t.later(signed, 60, 240) : t.during(days[r], '09:30', '17:30');
  story.reply(replied, c.issue.resolution);
  const cb = r + rng.int(1, 2);
  if (cb >= days.length) return story;
  return story.callback(t.during(days[cb], '09:00', '18:00'), callbackScore(d));
}

/** Every day of the window: fewer calls at weekends and on holidays, none in the small hours. */
export function everyday(d: Demo): void {
  const { t, rng } = d;
  for (const day of t.days) {
    const n = t.isWorkday(day) ? rng.int(6, 9) : rng.int(2, 4);
    for (let k = 0; k < n; k++) live(d, call(d), t.during(day, '07:30', '19:30'));
  }
}

/** Today so far: the latest calls, some answered, some dispatched, some still waiting to be dispatched. */
export function today(d: Demo): void {
  const { t, rng } = d;
  const ages = Array.from({ length: 7 }, () => rng.int(12, 240)).sort((a, b) => a - b);
  ages.forEach((age, k) => {
    const c = call(d);
    const story = new Story(d.sc, c.input, t.ago(age));
    // The two latest are still with the operators, so their queue is never empty.
    if (k < 2) return;
    if (c.issue.type === 'inquiry') story.answer(t.ago(age - rng.int(3, 8)), c.issue.resolution);
    else if (rng.chance(0.6)) story.dispatch(t.ago(age - rng.int(4, 10)), c.department);
  });
}
