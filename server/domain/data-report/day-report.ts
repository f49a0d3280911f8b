// One day's data report (docs/integration.md "Daily data reporting"): the orders changed that day as they stood at
// its end, the ratings given or voided that day, each department's figures of the day (read from FiguresService,
// never computed here), and the manifest with each part's SHA-256. No part carries a caller's name, phone number,
// address or the order's free text: only codes, statuses, departments and times.
import { createHash } from 'node:crypto';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { serviceNumber } from '../ratings/province-ratings.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import type { FiguresService } from '../figures/figures.service.ts';
import { dataReportRepository as repo, type AssignmentRow, type RatingRow } from './data-report.repository.ts';

/** Raised when a record's shape changes; receivers read it from every message and the manifest. */
export const SCHEMA_VERSION = 1;
export const PARTS = ['orders', 'ratings', 'figures'] as const;
export type Part = (typeof PARTS)[number];
export const FILES: Record<Part, string> = {
  orders: 'orders.jsonl',
  ratings: 'ratings.jsonl',
  figures: 'figures.json',
};

export interface DayReport {
  day: string;
  records: Record<Part, Array<Record<string, unknown>>>;
  /** The city's figures of the day, each order once (FiguresService.daily). */
  city: Record<string, unknown>;
  /** Each file's exact bytes. */
  files: Record<Part, string>;
  manifest: Manifest;
}

export interface Manifest {
  schema: number;
  day: string;
  from: string;
  to: string;
  generated_at: string;
  counts: Record<Part, number>;
  sha256: Record<string, string>;
  bytes: Record<string, number>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** A time of the day's end or before; a later one had not happened yet when the day ended. */
const by = (t: string | null | undefined, to: string) => (t && t < to ? iso(t) : null);

function orderRecord(
  o: Awaited<ReturnType<typeof repo.orders>>[number],
  status: string,
  a: AssignmentRow | undefined,
  to: string,
  names: Map<number, string>,
) {
  // Returned, recalled or merged before the day ended: nobody held it then (back in the dispatch queue).
  const holding = a && (!a.ended_at || a.ended_at >= to || a.end_reason === 'replied') ? a : undefined;
  const replied = a ? by(a.replied_at, to) : null;
  return {
    number: o.number,
    channel: o.channel,
    type: o.type,
    urgency: o.urgency,
    category_code: o.category_code,
    item_code: o.item_code,
    area_code: o.area_code,
    confidential: Boolean(o.confidential),
    status,
    department_id: holding?.department_id ?? null,
    department: holding ? (names.get(holding.department_id) ?? null) : null,
    created_at: iso(o.created_at),
    dispatched_at: a ? iso(a.dispatched_at) : null,
    signed_at: a ? by(a.signed_at, to) : null,
    replied_at: replied,
    closed_at: status === 'closed' ? by(o.closed_at, to) : null,
    sign_deadline_at: a ? iso(a.sign_deadline_at) : null,
    due_at: a ? iso(a.due_at) : null,
    // As the counters judge it (replied_on_time): the reply at or before the deadline in force.
    on_time: replied && a ? a.replied_at! <= a.due_at : null,
    overdue: Boolean(a && !replied && holding && a.due_at < to),
  };
}

function ratingRecord(r: RatingRow, to: string) {
  const voidedAt =
    r.appeal_status === 'upheld' ? r.appeal_decided_at : r.flag_state === 'voided' ? r.flag_decided_at : null;
  return {
    id: r.id,
    // 办件编号 as the 好差评 messages carry it: the order's number, a window's rating its service number.
    number: r.number ?? serviceNumber(r),
    item_code: r.item_code,
    department_id: r.department_id,
    score: r.score,
    channel: r.channel,
    rated_at: iso(r.rated_at),
    // Voided by the day's end; a void of a later day is in that day's report.
    voided: voidedAt ? voidedAt < to : Boolean(r.voided),
    voided_at: voidedAt && voidedAt < to ? iso(voidedAt) : null,
  };
}

export async function buildDayReport(db: Db, figures: FiguresService, day: string, now: Date): Promise<DayReport> {
  const from = toDbTime(dayStart(day));
  const to = toDbTime(dayStart(nextDate(day)));
  const ids = await repo.changedTickets(db, from, to);
  const [orders, statuses, held, ratings, departments, rows, daily] = await Promise.all([
    repo.orders(db, ids),
    repo.statusesAt(db, ids, to),
    repo.assignmentsAt(db, ids, to),
    repo.ratings(db, from, to),
    departmentsRepository.list(db),
    figures.departments({ from: day, to: day }, { scope: 'own' }),
    figures.daily({ from: day, to: day }),
  ]);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const records: DayReport['records'] = {
    orders: orders.map((o) => orderRecord(o, statuses.get(o.id) ?? o.status, held.get(o.id), to, names)),
    ratings: ratings.map((r) => ratingRecord(r, to)),
    // Each unit's own figures (scope own), as FiguresService reads them when the report is made.
    figures: rows.map(({ department_id, name, group, parent_id, counts, unreasonable, ...rates }) => ({
      department_id,
      name,
      group,
      parent_id,
      unreasonable,
      ...withoutTree(rates),
      counts,
    })),
  };
  const { day: _d, ...city } = daily[0];
  const lines = (xs: unknown[]) => xs.map((x) => `${JSON.stringify(x)}\n`).join('');
  const files: DayReport['files'] = {
    orders: lines(records.orders),
    ratings: lines(records.ratings),
    figures: `${JSON.stringify({ schema: SCHEMA_VERSION, day, scope: 'own', city, departments: records.figures })}\n`,
  };
  const manifest: Manifest = {
    schema: SCHEMA_VERSION,
    day,
    from: iso(from),
    to: iso(to),
    generated_at: now.toISOString(),
    counts: { orders: records.orders.length, ratings: records.ratings.length, figures: records.figures.length },
    sha256: Object.fromEntries(PARTS.map((p) => [FILES[p], sha256(files[p])])),
    bytes: Object.fromEntries(PARTS.map((p) => [FILES[p], Buffer.byteLength(files[p])])),
  };
  return { day, records, city, files, manifest };
}

/** The rates of a department's figures without the tree-drawing fields (kind, depth). */
function withoutTree(r: Record<string, unknown>) {
  const { kind: _k, depth: _d, ...rest } = r;
  return rest;
}
