// Every rate of docs/rules/figures.md from the counters, in one place. A rate with no denominator is null ("—").
import type { Counts } from './rollups.repository.ts';
import type { Drill } from './drilldown.repository.ts';

export const rate = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

export interface Rates {
  received: number;
  sign_timely_rate: number | null;
  completion_rate: number | null;
  on_time_rate: number | null;
  satisfaction_rate: number | null;
  rectification_rate: number | null;
  return_rate: number | null;
  redo_rate: number | null;
  /** 响应率: received assignments whose resident was contacted (先联系后办理) before the sign-for deadline / received. */
  response_rate: number | null;
  /** 解决率: callbacks' answers to "is it solved?" (yes 1, partly ½, no 0) / callbacks that asked it. */
  resolution_rate: number | null;
  /** 回访率: replied assignments with a completed callback or the resident's own rating / replied. */
  callback_rate: number | null;
  /** Supervision orders (督办) issued to the department in the period: a count, beside the rates. */
  supervised: number;
}

export function ratesOf(c: Counts): Rates {
  const received = c.dispatched - c.returned;
  return {
    received,
    sign_timely_rate: rate(c.signed_timely, received),
    completion_rate: rate(c.replied, received),
    on_time_rate: rate(c.replied_on_time, c.replied),
    satisfaction_rate: rate(c.ratings_good, c.ratings),
    rectification_rate: rate(c.bad_fixed, c.bad),
    // Returns over the assignments dispatched to it; a department that kept none of them (受理量 0) has no
    // work to set its returns against, and shows "—", never 100% beside a received of 0.
    return_rate: received > 0 ? rate(c.returned, c.dispatched) : null,
    redo_rate: rate(c.redo, received),
    response_rate: rate(c.contacted_timely, received),
    resolution_rate: rate(c.solved_halves, 2 * c.solved_asked),
    callback_rate: rate(c.followed, c.replied),
    supervised: c.supervised,
  };
}

/** How many assignments stand behind each drill-down of a report: the parts of its figures that a supervisor opens. */
export function drillTotal(c: Counts, drill: Drill): number {
  const received = c.dispatched - c.returned;
  switch (drill) {
    case 'received':
      return received;
    case 'signed_late':
      return received - c.signed_timely;
    case 'unreplied':
      return received - c.replied;
    case 'replied_late':
      return c.replied - c.replied_on_time;
    case 'returned':
      return c.returned;
    case 'redo':
      return c.redo;
    case 'not_contacted':
      return received - c.contacted_timely;
    case 'not_followed':
      return c.replied - c.followed;
    case 'unsatisfied':
      return c.ratings - c.ratings_good;
    case 'bad_unfixed':
      return c.bad - c.bad_fixed;
  }
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof Counts)[]) out[k] += b[k];
  return out;
}
