// Ratings from review devices, reading ratings, the rating link of a ticket, and the 7-day auto-close.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { detail, AppError, errors } from '../../lib/errors.ts';
import type { DeviceRow } from '../devices/devices.repository.ts';
import type { DevicesService } from '../devices/devices.service.ts';
import { ticketsRepository as tickets } from '../tickets/tickets.repository.ts';
import type { Status } from '../tickets/ticket.types.ts';
import { requireAccess, scopeToUnits } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { staffRepository } from '../windows/windows.repository.ts';
import { closeUnrated, type AutoCloseDeps } from './auto-close.ts';
import type { RatingBatcher } from './rating-batcher.ts';
import type { NewRating } from './rating-store.ts';
import { ratingUrl } from './rating-links.ts';
import { deviceRatingView, ratingView } from './rating-view.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';
import type { DeviceRating, ListRatings } from './ratings.schemas.ts';

export interface RatingsDeps extends AutoCloseDeps {
  db: Db;
  config: Config;
  devices: DevicesService;
  batcher: RatingBatcher;
}

const RATEABLE: readonly Status[] = ['replied', 'closed'];

export class RatingsService {
  constructor(private readonly deps: RatingsDeps) {}

  /**
   * A device's post, once DevicesService.authenticate has found the device: 201 with the new rating, or the
   * stored one when the device already sent this seq. The unique dedupe key decides, so retries that race
   * each other store one row and all answer it.
   */
  async deviceRating(
    device: DeviceRow,
    input: DeviceRating,
  ): Promise<{ rating: ReturnType<typeof deviceRatingView>; created: boolean }> {
    const now = clock.now();
    const ratedAt = new Date(input.rated_at);
    const dedupeKey = `device:${device.id}:${input.seq}`;
    let checked: Awaited<ReturnType<RatingsService['checkDeviceRating']>>;
    try {
      checked = await this.checkDeviceRating(device, input, now, ratedAt);
    } catch (err) {
      // A retry of a stored seq gets the stored rating even when it would no longer pass (the staff member left,
      // the clock moved on). Looked up only once a check fails, so the hot path pays nothing for it.
      if (err instanceof AppError && err.status < 500) {
        const stored = await repo.findByDedupeKey(this.deps.db, dedupeKey);
        if (stored) return { rating: deviceRatingView(stored), created: false };
      }
      throw err;
    }
    const { staffId, ticket } = checked;
    const row: NewRating = {
      score: input.score,
      channel: 'device',
      department_id: device.department_id,
      window_id: device.window_id,
      staff_id: staffId,
      device_id: device.id,
      seq: input.seq,
      ticket_id: ticket?.id ?? null,
      assignment_id: ticket?.assignment_id ?? null,
      reason: input.reason || null,
      comment: input.comment || null,
      voided: false,
      defaulted: false,
      dedupe_key: dedupeKey,
      rectification_ticket_id: null,
      // 事项编码 for the province: the post's, else the window's (an order's rating takes its category's when sent).
      item_code: input.item_code ?? device.window_item_code ?? null,
      created_by: null,
      rated_at: toDbTime(ratedAt),
      created_at: toDbTime(now),
    };
    // The hot path: a good rating of no ticket is written with others arriving at the same moment.
    if (!ticket && input.score >= 3) {
      const { id, created } = await this.deps.batcher.store(row);
      if (created) return { rating: deviceRatingView({ ...row, id }), created: true };
      return { rating: deviceRatingView((await repo.find(this.deps.db, id))!), created: false };
    }
    // Names only for the rectification order's description, so only a bad review looks them up.
    const staffName = input.score <= 2 && staffId ? (await staffRepository.find(this.deps.db, staffId))?.name : null;
    const names = { window_name: device.window_name, staff_name: staffName };
    const id = await this.deps.store.store(row, { actorRole: 'device', names });
    if (id !== null) return { rating: deviceRatingView({ ...row, id }), created: true };
    const stored = await repo.findByDedupeKey(this.deps.db, dedupeKey);
    if (stored) return { rating: deviceRatingView(stored), created: false };
    throw errors.alreadyExists('ratings.deviceRatingExists');
  }

  /** What a new device rating must pass: its time, its staff number and the ticket it rates. */
  private async checkDeviceRating(device: DeviceRow, input: DeviceRating, now: Date, ratedAt: Date) {
    if (!device.window_active) throw errors.forbidden('ratings.windowClosed');
    const { maxFutureMinutes, maxAgeDays } = this.deps.config.ratings;
    if (
      ratedAt.getTime() > now.getTime() + maxFutureMinutes * 60_000 ||
      ratedAt.getTime() < now.getTime() - maxAgeDays * 86_400_000
    ) {
      throw errors.validation([detail('rated_at', 'ratings.clockOff')]);
    }
    // The staff on duty is credited only while active; a staff number sent must be someone of this window.
    const onDuty = device.on_duty_staff_active ? device.on_duty_staff_id : null;
    const staffId = input.staff_no
      ? await this.deps.devices.staffOf(device, { no: input.staff_no }, 'staff_no', true)
      : onDuty;
    let ticket = null;
    if (input.ticket_number) {
      ticket = await tickets.findByNumber(this.deps.db, input.ticket_number);
      if (!ticket || ticket.department_id !== device.department_id) {
        throw errors.validation([detail('ticket_number', 'ratings.noSuchTicketInDepartment')]);
      }
      // A ticket is rated on its outcome: not while the department still holds it.
      if (!RATEABLE.includes(ticket.status)) {
        throw errors.validation([detail('ticket_number', 'ratings.onlyRepliedRated')]);
      }
    }
    return { staffId, ticket };
  }

  async list(actor: Actor, f: ListRatings) {
    // Departments see their units' ratings only (their own and those below them), whatever they ask for.
    const filter = {
      ...scopeToUnits(actor, 'rating.read', f),
      from: f.from ? toDbTime(dayStart(f.from)) : undefined,
      to: f.to ? toDbTime(dayStart(nextDate(f.to))) : undefined,
    };
    const { items, total } = await repo.list(this.deps.db, filter);
    return { items: items.map((r) => ratingView(r, actor)), total, page: f.page, per_page: f.per_page };
  }

  async get(actor: Actor, id: number) {
    const r = await repo.find(this.deps.db, id);
    if (!r) throw errors.notFound('rating');
    requireAccess(actor, 'rating.read', r);
    return ratingView(r, actor);
  }

  /**
   * The ticket's current rating link, for the hotline to send to the resident. Never shown to departments:
   * with it they could rate their own work.
   */
  async ticketLink(actor: Actor, ticketId: number) {
    requireAccess(actor, 'rating.link');
    const t = await repo.latestTokenOfTicket(this.deps.db, ticketId);
    if (!t) throw errors.notFound('ratingLink');
    const now = clock.now();
    const expiresAt = fromDbTime(t.expires_at)!;
    return {
      ticket_id: t.ticket_id,
      assignment_id: t.assignment_id,
      token: t.token,
      url: ratingUrl(this.deps.config.publicUrl, t.token),
      state: t.used_at ? 'used' : expiresAt <= now ? 'expired' : 'open',
      expires_at: expiresAt.toISOString(),
      used_at: t.used_at ? fromDbTime(t.used_at)!.toISOString() : null,
      rating_id: t.rating_id,
    };
  }

  /** Closes replied tickets left unrated for `autoCloseDays` (see auto-close.ts); safe to run again and again. */
  closeUnrated(now: Date = clock.now(), batchSize = 100) {
    return closeUnrated(this.deps, now, batchSize);
  }
}
