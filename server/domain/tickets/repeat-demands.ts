// Repeat demands (重复诉求, docs/rules/work-orders.md "Repeat demands"): an order is flagged at creation when its
// caller's number, or its place and category, has REPEAT_THRESHOLD orders (itself included) within
// REPEAT_WINDOW_DAYS; it is linked to those earlier orders (ticket_repeats), and when it is dispatched the holding
// unit's head is told by mail and text, once a day per unit and repeating number or place (not at every order of a
// surge). The caller's number is never in either.
import { createHash } from 'node:crypto';
import type { Config } from '../../../config/default.ts';
import { localDate } from '../../lib/calendar.ts';
import type { Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { PerTransaction } from '../../lib/per-transaction.ts';
import { render } from '../../i18n/index.ts';
import type { Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { isMobile, summaryOf } from '../sms/resident-texts.ts';
import { smsOutbox } from '../sms/sms-outbox.ts';
import { ticketLink } from '../escalations/escalation-mail.ts';
import { parsePlace, placeKey, samePlace } from './place.ts';
import type { TicketRow } from './ticket.types.ts';

export type RepeatRule = 'phone' | 'place';
type Settings = Pick<Config['intake'], 'repeatThreshold' | 'repeatWindowDays'>;
type New = Pick<TicketRow, 'id' | 'caller_phone' | 'address' | 'category_id' | 'created_at'>;
type Candidate = New & { number: string };

export interface RepeatsView {
  count: number;
  rule: RepeatRule;
  siblings: Array<{ id: number; number: string; created_at: string }>;
}

const DAY_MS = 86_400_000;
const COLUMNS = ['id', 'number', 'caller_phone', 'address', 'category_id', 'created_at'];

/** A raw select's rows: MariaDB answers [rows, fields], SQLite the rows. */
const rowsOf = <T = Candidate>(result: unknown): T[] =>
  (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];

/** Earlier orders linked to a flagged one at most, per rule (the newest): a hot line's test number stays cheap. */
const MAX_SIBLINGS = 10;
/** Orders of one place key and category read at most: place.ts#samePlace then keeps those of the same place. */
const MAX_PLACE_CANDIDATES = 200;

/**
 * The newest `limit` orders of one key since `since`: a descending walk of the (key, created_at) index that stops
 * after `limit` rows, however many orders the key has (a test number called thousands of times).
 */
function newestOf(column: 'caller_phone' | 'place_key', n: number) {
  const category = column === 'place_key' ? ' AND category_id = ?' : '';
  return (
    `SELECT * FROM (SELECT ${COLUMNS.join(', ')} FROM tickets WHERE ${column} = ?${category} AND created_at >= ? ` +
    `ORDER BY created_at DESC LIMIT ?) c${n}`
  );
}

/**
 * The batch's numbers with at least `threshold` orders since `since`, its own included, and whether any of its
 * places (key and category) has as many: only they can make an order a repeat. Counted by their indexes in one
 * statement that answers only those keys, so a batch of callers calling for the first time reads no order: walking
 * every number's newest orders (a statement of 25 sub-selects for a batch of 25) took 1.4 ms a batch on SQLite, the
 * count 0.1 ms. Places are answered as a whole: a key compared as MariaDB's collation compares it is not the
 * string compared here, so any place at the threshold walks all the batch's places, as every batch used to.
 */
async function keysAtThreshold(
  trx: Executor,
  phones: string[],
  placeKeys: string[],
  since: string,
  threshold: number,
): Promise<{ phones: Set<string>; places: boolean }> {
  const parts: string[] = [];
  const bindings: Array<string | number> = [];
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  if (phones.length) {
    parts.push(
      `SELECT 'phone' AS r, caller_phone AS k, 0 AS c FROM tickets WHERE caller_phone IN (${marks(phones.length)}) ` +
        'AND created_at >= ? GROUP BY caller_phone HAVING COUNT(*) >= ?',
    );
    bindings.push(...phones, since, threshold);
  }
  if (placeKeys.length) {
    parts.push(
      `SELECT 'place' AS r, place_key AS k, category_id AS c FROM tickets ` +
        `WHERE place_key IN (${marks(placeKeys.length)}) AND created_at >= ? ` +
        'GROUP BY place_key, category_id HAVING COUNT(*) >= ?',
    );
    bindings.push(...placeKeys, since, threshold);
  }
  if (!parts.length) return { phones: new Set(), places: false };
  const rows = rowsOf<{ r: string; k: string }>(await trx.raw(parts.join(' UNION ALL '), bindings));
  return {
    phones: new Set(rows.filter((row) => row.r === 'phone').map((row) => row.k)),
    places: rows.some((row) => row.r === 'place'),
  };
}

/**
 * Flags and links the new orders of one creation batch (their rows written already): the keys at the threshold
 * counted (keysAtThreshold), then one statement reads their candidates: the newest orders of each such number and
 * of the batch's places within the window, each half by its (key, created_at) index.
 */
export async function flagRepeats(trx: Executor, fresh: New[], settings: Settings) {
  const flagged = new Map<number, RepeatRule>();
  const phones = [...new Set(fresh.flatMap((t) => (t.caller_phone ? [t.caller_phone] : [])))];
  const places = new Map<string, [string, number]>();
  for (const t of fresh) {
    const key = t.category_id ? placeKey(t.address) : null;
    if (key) places.set(`${key}|${t.category_id}`, [key, t.category_id!]);
  }
  if (!phones.length && !places.size) return flagged;
  const earliest = Math.min(...fresh.map((t) => fromDbTime(t.created_at)!.getTime()));
  const since = toDbTime(new Date(earliest - settings.repeatWindowDays * DAY_MS));
  const placeKeys = [...new Set([...places.values()].map(([key]) => key))];
  const repeating = await keysAtThreshold(trx, phones, placeKeys, since, settings.repeatThreshold);
  if (!repeating.phones.size && !repeating.places) return flagged;
  // One statement for the keys that may repeat: a limited walk per number and per place key and category, joined
  // by UNION ALL (at most 400 terms for a batch of 200, within SQLite's 500). The batch's own orders are the newest
  // of their keys: the limits leave room for them.
  const parts: string[] = [];
  const bindings: Array<string | number> = [];
  for (const phone of phones) {
    if (!repeating.phones.has(phone)) continue;
    parts.push(newestOf('caller_phone', parts.length));
    bindings.push(phone, since, MAX_SIBLINGS + fresh.length);
  }
  for (const [key, category] of repeating.places ? places.values() : []) {
    parts.push(newestOf('place_key', parts.length));
    bindings.push(key, category, since, MAX_PLACE_CANDIDATES + fresh.length);
  }
  const candidates = rowsOf(await trx.raw(parts.join(' UNION ALL '), bindings));
  for (const c of candidates) {
    c.id = Number(c.id);
    if (c.category_id !== null) c.category_id = Number(c.category_id);
  }
  // Each order is compared with the candidates of its own number and category only: compared with all of them, a
  // batch of 21 orders over 16 categories of one street tested 21 × 3,500 candidates (a quarter of the intake's time).
  const byNumber = groupBy(candidates, (c) => c.caller_phone);
  const byCategory = groupBy(candidates, (c) => c.category_id);
  const links: Array<{ ticket_id: number; sibling_id: number; rule: RepeatRule; created_at: string }> = [];
  const views = new Map<number, RepeatsView>();
  for (const t of fresh) {
    const sameNumber = (t.caller_phone && byNumber.get(t.caller_phone)) || [];
    const sameCategory = (t.category_id && byCategory.get(t.category_id)) || [];
    const found = siblingsOf(t, sameNumber, sameCategory, settings);
    if (!found) continue;
    flagged.set(t.id, found.rule);
    views.set(t.id, viewOf(found.rule, found.siblings));
    for (const s of found.siblings)
      links.push({ ticket_id: t.id, sibling_id: s.id, rule: found.rule, created_at: t.created_at });
  }
  // The flags in one update per rule, the links in one insert.
  for (const rule of ['phone', 'place'] as const) {
    const ids = [...flagged].filter(([, r]) => r === rule).map(([id]) => id);
    if (ids.length) await trx('tickets').whereIn('id', ids).update({ repeat_rule: rule });
  }
  if (links.length) await trx('ticket_repeats').insert(links);
  for (const [id, view] of views) written.of(trx).set(id, view);
  return flagged;
}

/**
 * The views of the orders flagged in a transaction, as repeatsOf would read them back from the links just written:
 * the one-screen intake tells the unit's head in the same transaction, without a statement per order.
 */
const written = new PerTransaction<number, RepeatsView>();

/** A flagged order's view from its siblings' rows: oldest first, each once (what repeatsOf's join answers). */
function viewOf(rule: RepeatRule, rows: Array<{ id: number; number: string; created_at: string }>): RepeatsView {
  const sorted = [...new Map(rows.map((r) => [r.id, r])).values()].sort((a, b) =>
    a.created_at !== b.created_at ? (a.created_at < b.created_at ? -1 : 1) : a.id - b.id,
  );
  const siblings = sorted.map((r) => ({
    id: Number(r.id),
    number: r.number,
    created_at: fromDbTime(r.created_at)!.toISOString(),
  }));
  return { count: siblings.length + 1, rule, siblings };
}

/**
 * The earlier orders that make `t` a repeat, by the number first, or null when neither rule reaches the threshold:
 * `sameNumber` the candidates of its number, `sameCategory` those of its category.
 */
function siblingsOf(t: New, sameNumber: Candidate[], sameCategory: Candidate[], settings: Settings) {
  // Stored times compare as their strings do ('YYYY-MM-DD HH:MM:SS.mmm'): a batch's thousands of candidates are
  // not each read as a date.
  const from = toDbTime(new Date(fromDbTime(t.created_at)!.getTime() - settings.repeatWindowDays * DAY_MS));
  // Earlier orders only (a smaller id), so two orders of one batch do not count each other twice.
  const earlier = (c: Candidate) => c.id < t.id && c.created_at >= from;
  const unique = (list: Candidate[]) => [...new Map(list.map((c) => [c.id, c])).values()];
  const needed = settings.repeatThreshold - 1;
  const newest = (list: Candidate[]) => list.sort((a, b) => b.id - a.id).slice(0, MAX_SIBLINGS);
  const byPhone = t.caller_phone ? unique(sameNumber.filter(earlier)) : [];
  if (byPhone.length >= needed) return { rule: 'phone' as const, siblings: newest(byPhone) };
  const byPlace = t.category_id
    ? unique(sameCategory.filter((c) => earlier(c) && samePlace(c.address, t.address)))
    : [];
  if (byPlace.length >= needed) return { rule: 'place' as const, siblings: newest(byPlace) };
  return null;
}

function groupBy<T, K>(list: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** What the order's page shows: null for an order not flagged. */
export async function repeatsOf(db: Executor, t: Pick<TicketRow, 'id'> & { repeat_rule?: string | null }) {
  if (!t.repeat_rule) return null;
  const known = written.peek(db)?.get(t.id);
  if (known) return known;
  const rows: Array<{ id: number; number: string; created_at: string }> = await db('ticket_repeats as r')
    .join('tickets as s', 's.id', 'r.sibling_id')
    .where('r.ticket_id', t.id)
    .select('s.id', 's.number', 's.created_at')
    .orderBy([{ column: 's.created_at' }, { column: 's.id' }]);
  return viewOf(t.repeat_rule as RepeatRule, rows);
}

const TITLE_CHARS = 20;

/** The heads told in a transaction, by unit, group and day (tellUnitHead). */
const toldIn = new PerTransaction<string, true>();

/**
 * What repeats, as a key that names neither the number nor the address: the caller's number (rule phone), or the
 * place as place.ts reads it and the category (rule place).
 */
function groupOf(t: Pick<TicketRow, 'caller_phone' | 'address' | 'category_id'>, rule: RepeatRule): string {
  const what =
    rule === 'phone' ? `phone ${t.caller_phone}` : `place ${JSON.stringify(parsePlace(t.address))} ${t.category_id}`;
  return createHash('sha256').update(what).digest('hex').slice(0, 16);
}

/**
 * At dispatch: the mail to the unit's head (head_email) and the text to its liaison mobile (the tree keeps no
 * head's mobile), once a day per unit and group (groupOf). Told once per order, the head of the unit that 300 calls
 * about one burst water main went to would get 298 mails and 298 texts in an afternoon; now one, and each order
 * keeps its badge.
 */
export async function tellUnitHead(
  trx: Executor,
  t: TicketRow & { repeat_rule?: string | null },
  dept: Pick<Department, 'id' | 'name' | 'head_email' | 'liaison_mobile'>,
  now: Date,
  config: Pick<Config, 'publicUrl' | 'intake'>,
): Promise<void> {
  const repeats = await repeatsOf(trx, t);
  if (!repeats) return;
  const told = `${dept.id}:${groupOf(t, repeats.rule)}:${localDate(now)}`;
  // A batch's later orders of the group are not even offered to the outbox (two statements each in a surge).
  const toldNow = toldIn.of(trx);
  if (toldNow.has(told)) return;
  toldNow.set(told, true);
  const days = config.intake.repeatWindowDays;
  const words = {
    number: t.number,
    title: summaryOf(t.title, TITLE_CHARS),
    department: dept.name,
    days,
    count: repeats.count,
    rule: render(repeats.rule === 'phone' ? 'repeat.rule.phone' : 'repeat.rule.place', {}, 'zh'),
    siblings: repeats.siblings.map((s) => s.number).join('、'),
  };
  if (dept.head_email) {
    const link = render('mail.viewTicket', { url: ticketLink(config.publicUrl, t.id) }, 'zh');
    await outboxRepository.enqueueOnce(
      trx,
      {
        recipient: dept.head_email,
        subject: render('repeat.mail.subject', words, 'zh'),
        body: `${render('repeat.mail.body', words, 'zh')}\n${link}\n\n${render('mail.footer', {}, 'zh')}\n`,
        dedupe_key: `repeat:mail:${told}`,
      },
      toDbTime(now),
    );
  }
  if (isMobile(dept.liaison_mobile))
    await smsOutbox.enqueueOnce(
      trx,
      {
        to: dept.liaison_mobile,
        template: 'repeat_demand',
        params: {
          number: t.number,
          title: words.title,
          department: dept.name,
          days: String(days),
          count: String(repeats.count),
        },
        urgent: false,
        dedupe_key: `sms:repeat:${told}`,
      },
      now,
    );
}
