// 差评整改回访 in the demo (docs/rules/reviews.md "The rectification callback"): a few residents rate a replied order
// 1 or 2 through its single-use link; its department answers the rectification order the next day; then the hotline
// calls the resident back: one accepts the rectification (put right), one is still unhappy (the order reopens to
// the department), and the latest waits in the operators' 待回访 with the resident's number. Everything goes through
// the services with the clock at the moment each step happened.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { fromDbTime, toDbTime } from '../lib/db.ts';
import type { Actor } from '../domain/users/actor.ts';
import type { Cast } from './demo-catalogue.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => toDbTime(new Date(ms));
const REASONS = ['反映的问题没有解决，答复敷衍', '处理结果与答复不符，问题依旧'];

export async function loadRectificationCallbacks(s: Services, cast: Cast, now: Date): Promise<void> {
  // Replied orders of a caller with a number, their links unused, replied 1.5 to 6.5 days ago: room for the story.
  const rows = await s
    .db('tickets as t')
    .join('rating_tokens as k', 'k.assignment_id', 't.assignment_id')
    .where('t.status', 'replied')
    .whereNot('t.type', 'rectification')
    .whereNotNull('t.caller_phone')
    .whereNull('k.used_at')
    .whereBetween('t.replied_at', [iso(now.getTime() - 6.5 * 24 * HOUR), iso(now.getTime() - 1.5 * 24 * HOUR)])
    .orderBy('t.replied_at')
    .limit(3)
    .select('t.id', 't.department_id', 't.replied_at', 'k.token');
  const handlerOf = (departmentId: number): Actor | undefined =>
    Object.values(cast.handlers).find((a) => a.department_id === departmentId);
  for (const [i, r] of rows.entries()) {
    const handler = handlerOf(r.department_id);
    if (!handler) continue;
    const replied = fromDbTime(r.replied_at)!.getTime();
    clock.set(new Date(replied + 2 * HOUR));
    const rating = await s.publicRatings.rate({ token: r.token, score: 1 + (i % 2), reason: REASONS[i % 2] });
    const { rectification_ticket_id: id } = await s.db('ratings').where({ id: rating.id }).first();
    if (!id) continue;
    clock.set(new Date(replied + 3 * HOUR));
    const o = await s.db('tickets').where({ id }).first('version');
    const signed = await s.actions.sign(handler, id, { version: o.version });
    clock.set(new Date(replied + 24 * HOUR));
    const answered = await s.actions.reply(handler, id, {
      version: signed.version,
      resolution: '已重新上门核实并处理，向群众说明了整改措施。',
    });
    if (i === rows.length - 1 && rows.length > 1) continue; // the latest waits for its callback
    clock.set(new Date(replied + 26 * HOUR));
    const happy = i % 2 === 0;
    await s.actions.callback(cast.operators[i % 2], id, {
      version: answered.version,
      contacted: true,
      solved: happy ? 'yes' : 'no',
      score: happy ? 4 : 2,
      ...(happy ? { note: '群众认可整改结果' } : { reason: '整改后问题依旧' }),
    });
  }
}
