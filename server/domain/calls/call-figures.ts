// The connection-rate figures (SPEC "Figures": 接通率 = answered calls / inbound calls, and the share answered
// within 15 s), computed in this one place for the stats endpoint, the dashboard and the reports.
//
// - Every stored call is an inbound call; a retried post of the same external_id is stored once, so counted once.
// - A call's day is the local (Asia/Shanghai) date it started.
// - "Answered within N s": answered with wait_s <= N (N = config calls.answeredWithinSeconds, 15 by default);
//   its share is over inbound calls, like the connection rate itself.
// - Per operator: the calls offered to that operator (operator_id set, answered or not); calls that reached
//   nobody count hotline-wide only.
// - A rate whose denominator is 0 is null, never 0 or 1.
import type { Executor } from '../../lib/db.ts';
import { nextDate } from '../../lib/calendar.ts';
import { callsRepository, userNames, type CallCounts } from './calls.repository.ts';

export interface ConnectionFigures extends CallCounts {
  connection_rate: number | null;
  connection_rate_15s: number | null;
}

const ZERO: CallCounts = { inbound: 0, answered: 0, answered_15s: 0 };

export function connectionFigures(c: CallCounts): ConnectionFigures {
  return {
    inbound: c.inbound, answered: c.answered, answered_15s: c.answered_15s,
    connection_rate: c.inbound ? c.answered / c.inbound : null,
    connection_rate_15s: c.inbound ? c.answered_15s / c.inbound : null,
  };
}

function add(a: CallCounts, b: CallCounts): CallCounts {
  return { inbound: a.inbound + b.inbound, answered: a.answered + b.answered, answered_15s: a.answered_15s + b.answered_15s };
}

/**
 * Figures over the local days from..to (both included): hotline-wide, for every day of the period (days without
 * calls included, with null rates), and for every operator offered a call in it.
 */
export async function callFigures(db: Executor, from: string, to: string, withinS = 15, perOperator = true) {
  const { days, operators } = await callsRepository.counts(db, from, to, withinS, perOperator);
  const byDay = new Map(days.map((d) => [d.date, d]));
  const everyDay = [];
  let total = ZERO;
  for (let date = from; date <= to; date = nextDate(date)) {
    const c = byDay.get(date) ?? ZERO;
    total = add(total, c);
    everyDay.push({ date, ...connectionFigures(c) });
  }
  const names = await userNames(db, operators.map((o) => o.operator_id));
  return {
    from, to, answered_within_s: withinS,
    total: connectionFigures(total),
    days: everyDay,
    operators: operators
      .map((o) => ({ operator_id: o.operator_id, name: names.get(o.operator_id) ?? null, ...connectionFigures(o) }))
      .sort((a, b) => b.inbound - a.inbound || a.operator_id - b.operator_id),
  };
}

/** One day, hotline-wide: the `calls` block of GET /stats/overview. */
export async function dayCallFigures(db: Executor, date: string, withinS = 15): Promise<ConnectionFigures> {
  return (await callFigures(db, date, date, withinS, false)).total;
}
