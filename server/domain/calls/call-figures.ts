// The connection-rate figures (docs/rules/figures.md: 接通率 = answered calls / inbound calls, and the share answered
// within 15 s), computed in this one place for the stats endpoint, the dashboard and the reports.
//
// - Every stored call is an inbound call; a retried post of the same external_id is stored once, so counted once.
// - A call's day is the local (Asia/Shanghai) date it started.
// - "Answered within N s": answered with wait_s <= N (N = config calls.answeredWithinSeconds, 15 by default);
//   its share is over inbound calls, like the connection rate itself.
// - An operator's own log of a call has no wait (NULL, unknown): never counted as answered within 15 s.
// - The connection rate is hotline-wide only: a missed call reached no operator (the telephone system rarely
//   names one), so no operator's inbound calls can be counted and a per-operator rate would read 100%
//   without measuring anything. Per operator: the calls they answered, the share of those with a known wait that
//   waited at most N s, and their talk time.
// - A rate whose denominator is 0 is null, never 0 or 1.
// - 转接 (12345与110联动): `transferred` counts the calls an operator put through to 110, 119, 120 or 122, and
//   `transferred_to` the same per partner (every partner named, 0 when none). A transferred call is still an
//   inbound call, answered: transfers are a share of the calls, not calls of their own.
import type { Executor } from '../../lib/db.ts';
import { LINKAGE_PARTNERS } from '../peers/peer.types.ts';
import { nextDate } from '../../lib/calendar.ts';
import { callsRepository, userNames, type CallCounts, type OperatorCounts } from './calls.repository.ts';

export interface ConnectionFigures extends Required<CallCounts> {
  connection_rate: number | null;
  connection_rate_15s: number | null;
  /** Calls transferred to a linkage partner, all partners together. */
  transferred: number;
}

const ZERO: CallCounts = { inbound: 0, answered: 0, answered_15s: 0, transferred_to: {} };

/** Every partner named, in their order, 0 when none. */
function perPartner(by: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(LINKAGE_PARTNERS.map((p) => [p, by[p] ?? 0]));
}

export function connectionFigures(c: CallCounts): ConnectionFigures {
  const transferredTo = perPartner(c.transferred_to);
  return {
    inbound: c.inbound,
    answered: c.answered,
    answered_15s: c.answered_15s,
    connection_rate: c.inbound ? c.answered / c.inbound : null,
    connection_rate_15s: c.inbound ? c.answered_15s / c.inbound : null,
    transferred: Object.values(transferredTo).reduce((a, b) => a + b, 0),
    transferred_to: transferredTo,
  };
}

export interface OperatorFigures {
  answered: number;
  wait_known: number;
  answered_15s: number;
  /** answered_15s / wait_known: null when no answered call of theirs has a known wait. */
  answered_15s_rate: number | null;
  talk_s: number;
  avg_talk_s: number | null;
}

export function operatorFigures(c: Omit<OperatorCounts, 'operator_id'>): OperatorFigures {
  return {
    answered: c.answered,
    wait_known: c.wait_known,
    answered_15s: c.answered_15s,
    answered_15s_rate: c.wait_known ? c.answered_15s / c.wait_known : null,
    talk_s: c.talk_s,
    avg_talk_s: c.answered ? Math.round(c.talk_s / c.answered) : null,
  };
}

function add(a: CallCounts, b: CallCounts): CallCounts {
  const transferred = { ...a.transferred_to };
  for (const [p, n] of Object.entries(b.transferred_to ?? {})) transferred[p] = (transferred[p] ?? 0) + n;
  return {
    inbound: a.inbound + b.inbound,
    answered: a.answered + b.answered,
    answered_15s: a.answered_15s + b.answered_15s,
    transferred_to: transferred,
  };
}

/**
 * Figures over the local days from..to (both included): hotline-wide, for every day of the period (days without
 * calls included, with null rates), and for every operator who answered a call in it.
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
  const names = await userNames(
    db,
    operators.map((o) => o.operator_id),
  );
  return {
    from,
    to,
    answered_within_s: withinS,
    total: connectionFigures(total),
    days: everyDay,
    operators: operators
      .map(({ operator_id, ...c }) => ({ operator_id, name: names.get(operator_id) ?? null, ...operatorFigures(c) }))
      .sort((a, b) => b.answered - a.answered || a.operator_id - b.operator_id),
  };
}

/** One day, hotline-wide: the `calls` block of GET /stats/overview. */
export async function dayCallFigures(db: Executor, date: string, withinS = 15): Promise<ConnectionFigures> {
  return (await callFigures(db, date, date, withinS, false)).total;
}
