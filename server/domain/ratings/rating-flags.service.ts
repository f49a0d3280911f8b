// Held bursts (rating-bursts.ts) and a supervisor's decision on them. Confirming one makes its ratings count, each on
// the day it was given, with the consequences a rating has (a bad review's rectification order, opened now);
// voiding one keeps them out of every figure for good (kept on record, like an upheld appeal's rating) and closes
// a rectification order one of them had opened before the burst was seen. Every decision needs a reason and is
// audited. The supervisor decides what the page showed: the held ratings of one source and score up to `until`,
// so ratings held after the page loaded wait for the next look; two supervisors deciding at once: one wins.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { isMysql, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { errors, type AppError } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { accessError } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { ofSource, sourceOf, type SourceKind } from './rating-bursts.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import { BURST_WITHDRAWN_NOTE, LEVELS, withdrawRectification } from './rectification.ts';
import type { FlagDecision, RatingStore } from './rating-store.ts';
import { ratingsRepository as repo, type RatingRow } from './ratings.repository.ts';
import type { BurstDecision } from './ratings.schemas.ts';
import { isPutRight } from '../figures/put-right.ts';

export interface FlagsDeps {
  db: Db;
  config: Config;
  writer: TicketWriter;
  store: RatingStore;
}

interface Burst {
  kind: SourceKind;
  source_id: number;
  score: number;
  level: string;
  department_id: number | null;
  department_name: string | null;
  window_name: string | null;
  staff_name: string | null;
  device_name: string | null;
  count: number;
  first_at: string;
  last_at: string;
  texts: string[];
}

export class RatingFlagsService {
  constructor(private readonly deps: FlagsDeps) {}

  /** The held ratings, one row per source and score, oldest first, with a few of their residents' words. */
  async bursts(
    actor: Actor,
  ): Promise<{ items: Burst[]; held: number; rule: { count: number; within_seconds: number } }> {
    const refused = accessError(actor, 'rating.bursts');
    if (refused) await this.refuse(actor, 'rating_bursts', refused);
    const { db } = this.deps;
    const groups = await db('ratings as r')
      .where('r.flagged', true)
      .groupBy('r.channel', 'r.window_id', 'r.staff_id', 'r.device_id', 'r.ticket_id', 'r.score', 'r.department_id')
      .select(
        'r.channel',
        'r.window_id',
        'r.staff_id',
        'r.device_id',
        'r.ticket_id',
        'r.score',
        'r.department_id',
        db.raw('COUNT(*) as n'),
        db.raw('MIN(r.rated_at) as first_at'),
        db.raw('MAX(r.rated_at) as last_at'),
      );
    const bursts = new Map<string, Burst>();
    for (const g of groups) {
      const src = sourceOf(g);
      if (!src) continue;
      const key = `${src.kind}:${src.id}:${g.score}`;
      const b = bursts.get(key) ?? {
        kind: src.kind,
        source_id: src.id,
        score: Number(g.score),
        level: LEVELS[g.score],
        department_id: g.department_id,
        department_name: null,
        window_name: null,
        staff_name: null,
        device_name: null,
        count: 0,
        first_at: g.first_at,
        last_at: g.last_at,
        texts: [],
      };
      b.count += Number(g.n);
      if (g.first_at < b.first_at) b.first_at = g.first_at;
      if (g.last_at > b.last_at) b.last_at = g.last_at;
      bursts.set(key, b);
    }
    const items = [...bursts.values()].sort((a, b) => (a.first_at < b.first_at ? -1 : 1));
    const names = async (table: string, ids: Array<number | null>) =>
      new Map<number, string>(
        (
          await db(table)
            .whereIn('id', [...new Set(ids.filter((x): x is number => x !== null))])
            .select('id', 'name')
        ).map((r: { id: number; name: string }) => [Number(r.id), r.name]),
      );
    const [windows, staff, devices, departments] = await Promise.all([
      names(
        'windows',
        groups.map((g: RatingRow) => g.window_id),
      ),
      names(
        'staff',
        groups.map((g: RatingRow) => g.staff_id),
      ),
      names(
        'devices',
        groups.map((g: RatingRow) => g.device_id),
      ),
      names(
        'departments',
        items.map((b) => b.department_id),
      ),
    ]);
    // What residents wrote: a supervisor judges a burst of bad reviews by it (a few per burst).
    const texts = await db('ratings')
      .where('flagged', true)
      .where((w) => w.whereNotNull('reason').orWhereNotNull('comment'))
      .orderBy('rated_at')
      .limit(500)
      .select('channel', 'window_id', 'staff_id', 'device_id', 'ticket_id', 'score', 'reason', 'comment');
    for (const r of texts) {
      const src = sourceOf(r);
      const b = src && bursts.get(`${src.kind}:${src.id}:${r.score}`);
      const text = [r.reason, r.comment].filter(Boolean).join('；');
      if (b && b.texts.length < 5 && !b.texts.includes(text)) b.texts.push(text);
    }
    for (const b of items) {
      b.department_name = b.department_id ? (departments.get(b.department_id) ?? null) : null;
      if (b.kind === 'device') b.device_name = devices.get(b.source_id) ?? null;
      if (b.kind === 'staff') b.staff_name = staff.get(b.source_id) ?? null;
      if (b.kind === 'window') b.window_name = windows.get(b.source_id) ?? null;
      b.first_at = iso(b.first_at);
      b.last_at = iso(b.last_at);
    }
    const { count, withinSeconds } = this.deps.config.ratings.burst;
    return { items, held: items.reduce((n, b) => n + b.count, 0), rule: { count, within_seconds: withinSeconds } };
  }

  /** A refusal, audited like refused ticket and appeal actions. */
  private async refuse(actor: Actor, attempted: string, err: AppError): Promise<never> {
    await auditRepository.record(
      this.deps.db,
      actor,
      'forbidden',
      { type: 'rating', id: null },
      { attempted, reason: err.message },
      toDbTime(clock.now()),
    );
    err.audited = true; // written once here: the error middleware would add a second row
    throw err;
  }

  /** Confirms or voids the held ratings of one source and score given up to `until`. */
  async decide(actor: Actor, input: BurstDecision) {
    const refused = accessError(actor, 'rating.bursts.decide');
    if (refused) await this.refuse(actor, 'rating_burst_decision', refused);
    const now = clock.now();
    const nowDb = toDbTime(now);
    const src = { kind: input.kind, id: input.source_id };
    return withTransaction(this.deps.db, async (trx) => {
      const q = ofSource(trx, src, input.score)
        .where('ratings.flagged', true)
        .where('ratings.rated_at', '<=', toDbTime(new Date(input.until)))
        .orderBy('ratings.id')
        .select('ratings.*');
      if (isMysql(trx)) q.forUpdate();
      const rows: RatingRow[] = await q;
      if (rows.length === 0) throw errors.invalidTransition('ratings.nothingHeld');
      const ids = rows.map((r) => Number(r.id));
      const patch: FlagDecision = {
        flagged: false,
        flag_state: input.confirm ? 'confirmed' : 'voided',
        flag_decided_by: actor.id,
        flag_decided_at: nowDb,
        flag_note: input.reason,
      };
      const changed = await this.deps.store.decideHeld(trx, ids, input.confirm ? patch : { ...patch, voided: true });
      // Another supervisor decided some of them meanwhile: this decision is not taken whole, so not at all.
      if (changed !== ids.length) throw errors.invalidTransition('ratings.burstDecidedByOther');
      if (input.confirm) await this.confirmed(trx, rows, now);
      else {
        // Those counted (and sent) before a later burst held them are withdrawn; the rest were never sent.
        await this.deps.store.withdraw(trx, rows, 'burst_voided', now);
        for (const r of rows) {
          const t = r.rectification_ticket_id ? await repo.ticketForUpdate(trx, r.rectification_ticket_id) : null;
          if (t)
            await withdrawRectification(
              trx,
              this.deps.writer,
              t,
              { rating_id: r.id, appeal_id: null },
              nowDb,
              BURST_WITHDRAWN_NOTE,
            );
        }
      }
      await auditRepository.record(
        trx,
        actor,
        input.confirm ? 'rating_burst_confirm' : 'rating_burst_void',
        { type: 'rating', id: ids[0] },
        {
          kind: input.kind,
          source_id: input.source_id,
          score: input.score,
          count: ids.length,
          rating_ids: ids.slice(0, 1000),
          reason: input.reason,
        },
        nowDb,
      );
      const departments = [...new Set(rows.map((r) => r.department_id))];
      onCommit(trx, () => {
        for (const d of departments)
          bus.publish({
            type: input.confirm ? 'rating.confirmed' : 'rating.voided',
            count: ids.length,
            department_id: d,
          });
      });
      return { decided: ids.length, state: patch.flag_state };
    });
  }

  /** Confirmed ratings count now, each on its own day, and a bad review gets what it would have had when given. */
  private async confirmed(trx: Knex.Transaction, rows: RatingRow[], now: Date) {
    await figuresRecorder.ratedMany(trx, rows);
    // Valid now: sent to the province, except those already sent before a later burst held them.
    await this.deps.store.sendCounted(trx, rows, now, true);
    const bad = rows.filter((r) => r.score <= 2 && r.channel !== 'callback');
    if (bad.length === 0) return;
    const [windows, staff] = await Promise.all([
      trx('windows')
        .whereIn(
          'id',
          bad.map((r) => r.window_id).filter((x): x is number => x !== null),
        )
        .select('id', 'name'),
      trx('staff')
        .whereIn(
          'id',
          bad.map((r) => r.staff_id).filter((x): x is number => x !== null),
        )
        .select('id', 'name'),
    ]);
    const nameOf = (list: Array<{ id: number; name: string }>, id: number | null) =>
      list.find((x) => Number(x.id) === id)?.name ?? null;
    for (const r of bad) {
      if (r.rectification_ticket_id === null) {
        await this.deps.store.rectify(
          trx,
          r,
          { window_name: nameOf(windows, r.window_id), staff_name: nameOf(staff, r.staff_id) },
          now,
        );
      } else if (r.remedy_assignment_id) {
        // Its order was opened before the burst was seen, and may already have been put right on time.
        if (await isPutRight(trx, r.id)) await figuresRecorder.remedied(trx, r);
      }
    }
  }
}
