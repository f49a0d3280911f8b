// The resident's side: what a rating token points at, and the rating given through it. Static window and
// staff codes take every rating, good or bad, from any address (a service hall's residents share one): a burst of
// same-score ratings through one code is stored held, out of the figures, for a supervisor (rating-bursts.ts).
// A ticket's link takes one rating (its conditional update and the one rating per ticket per channel key both
// guard it, so two racing submissions store one rating).
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { Signer } from '../../lib/signing.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { ticketsRepository as tickets } from '../tickets/tickets.repository.ts';
import type { FedTicket } from '../peers/ticket-feed.ts';
import { staffRepository, windowsRepository } from '../windows/windows.repository.ts';
import { LEVELS } from './rectification.ts';
import { parseToken } from './rating-links.ts';
import type { NewRating, RatingStore } from './rating-store.ts';
import { ratingsRepository as repo, type TokenRow } from './ratings.repository.ts';
import type { PublicRating } from './ratings.schemas.ts';

export interface PublicDeps {
  db: Db;
  config: Config;
  signer: Signer;
  store: RatingStore;
}

type State = 'open' | 'used' | 'expired' | 'inactive';

interface Target {
  kind: 'window' | 'staff' | 'ticket';
  state: State;
  department_id: number;
  department_name: string;
  window_id: number | null;
  window_name: string | null;
  staff_id: number | null;
  staff_name: string | null;
  ticket_number: string | null;
  /** The window's 事项编码 (ratings to the province; an order's rating takes its category's when sent). */
  item_code?: string | null;
  token?: TokenRow;
  /** The rated order's row, read once here: its peer_feed spares the rating's feed check a read. */
  ticket?: FedTicket;
}

const invalid = () => new AppError(404, 'RATING_TOKEN_INVALID', 'ratings.linkInvalid');
const used = () => errors.alreadyExists('ratings.linkUsed');
const expired = () => new AppError(409, 'RATING_TOKEN_EXPIRED', 'ratings.linkExpired');
const inactive = () => new AppError(409, 'RATING_TOKEN_INACTIVE', 'ratings.codeInactive');

export class PublicRatingsService {
  constructor(private readonly deps: PublicDeps) {}

  private async resolve(token: string): Promise<Target> {
    const { db } = this.deps;
    const target = parseToken(this.deps.signer, token);
    if (!target) throw invalid();
    const none = { window_id: null, window_name: null, staff_id: null, staff_name: null, ticket_number: null };
    if (target.kind === 'ticket') {
      const t = await repo.findToken(db, target.token);
      if (!t) throw invalid();
      const [ticket, dept] = await Promise.all([
        tickets.find(db, t.ticket_id),
        departmentsRepository.find(db, t.department_id),
      ]);
      const state: State = t.used_at ? 'used' : fromDbTime(t.expires_at)! <= clock.now() ? 'expired' : 'open';
      return {
        ...none,
        kind: 'ticket',
        state,
        department_id: t.department_id,
        department_name: dept!.name,
        ticket_number: ticket!.number,
        token: t,
        ticket: ticket!,
      };
    }
    const staff = target.kind === 'staff' ? await staffRepository.find(db, target.id) : null;
    const windowId = target.kind === 'window' ? target.id : (staff?.window_id ?? null);
    const win = windowId ? await windowsRepository.find(db, windowId) : null;
    const departmentId = staff?.department_id ?? win?.department_id;
    if (!departmentId) throw invalid();
    const dept = (await departmentsRepository.find(db, departmentId))!;
    const active = dept.active && (target.kind === 'staff' ? Boolean(staff!.active) : Boolean(win!.active));
    return {
      ...none,
      kind: target.kind,
      state: active ? 'open' : 'inactive',
      department_id: departmentId,
      department_name: dept.name,
      window_id: win?.id ?? null,
      window_name: win?.name ?? null,
      staff_id: staff?.id ?? null,
      staff_name: staff?.name ?? null,
      item_code: win?.item_code ?? null,
    };
  }

  /** What the rating page shows before the resident rates: whom they rate, and whether the link still works. */
  async state(token: string) {
    const { token: _row, item_code: _code, ticket: _ticket, ...t } = await this.resolve(token);
    return {
      ...t,
      levels: Object.entries(LEVELS)
        .map(([score, name]) => ({ score: Number(score), name }))
        .reverse(),
    };
  }

  async rate(input: PublicRating) {
    const t = await this.resolve(input.token);
    if (t.state === 'used') throw used();
    if (t.state === 'expired') throw expired();
    if (t.state === 'inactive') throw inactive();
    const now = toDbTime(clock.now());
    const row: NewRating = {
      score: input.score,
      channel: 'qr',
      department_id: t.department_id,
      window_id: t.window_id,
      staff_id: t.staff_id,
      device_id: null,
      seq: null,
      ticket_id: t.token?.ticket_id ?? null,
      assignment_id: t.token?.assignment_id ?? null,
      reason: input.reason || null,
      comment: input.comment || null,
      voided: false,
      defaulted: false,
      dedupe_key: null,
      rectification_ticket_id: null,
      item_code: t.item_code ?? null,
      created_by: null,
      rated_at: now,
      created_at: now,
    };
    const token = t.token;
    const id = await this.deps.store.store(row, {
      actorRole: 'resident',
      names: { window_name: t.window_name, staff_name: t.staff_name },
      ticket: t.ticket,
      within: token
        ? async (trx, ratingId) => {
            // Rolls the rating back when another submission spent the link first.
            if (!(await repo.useToken(trx, token.token, ratingId, now))) throw used();
          }
        : undefined,
    });
    // Only a ticket's link has a unique key (one rating per ticket per channel): spent by another submission.
    if (id === null) throw used();
    return { id, score: row.score, level: LEVELS[row.score], rated_at: fromDbTime(now)!.toISOString() };
  }
}
