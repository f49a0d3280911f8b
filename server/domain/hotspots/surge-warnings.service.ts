// The warnings' life (预警处置, docs/rules/hot-spots.md "Warnings' life"): the surge job raises a warning (open);
// supervisors acknowledge it, assign it to a unit (mailed to the unit and its head) and close it with what was done.
// open -> acknowledged -> assigned -> closed, acknowledging may be skipped, an assigned one may be assigned again,
// closed is final. Each change claims the warning's version, is audited and is heard by the live dashboard.
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { AppError, detail, errors } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import { render } from '../../i18n/index.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { subtreeOf } from '../departments/unit-tree.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { areaView } from '../tickets/ticket-area.ts';
import type { Actor } from '../users/actor.ts';
import type { SurgeStatus } from './hotspot.types.ts';
import { surgeWarningsRepository as repo } from './surge-warnings.repository.ts';
import type { SurgePatch, SurgeWarningJoined } from './surge-warnings.repository.ts';
import type { AssignInput, CloseInput, ListSurgeWarnings } from './surge-warnings.schemas.ts';

type Action = 'acknowledge' | 'assign' | 'close';

/** From which statuses each action may be taken. */
const FROM: Record<Action, readonly SurgeStatus[]> = {
  acknowledge: ['open'],
  assign: ['open', 'acknowledged', 'assigned'],
  close: ['open', 'acknowledged', 'assigned'],
};

/** A warning's orders shown at most (a surge is tens of orders; a runaway one must not fill the page). */
const MAX_ORDERS = 200;
/** The list's rows at most: the warnings of a month of a city are far fewer. */
const MAX_LISTED = 500;

/** What the bus says when a warning is raised, extended (the surge job) or changed here. */
export const surgeChanged = (id: number) => ({ type: 'surge.changed', id });

export class SurgeWarningsService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'publicUrl'>,
  ) {}

  async list(q: ListSurgeWarnings) {
    const month = q.month ? { from: `${q.month}-01`, to: `${q.month}-31` } : {};
    const areas = q.area_unit_id ? await subtreeOf(this.db, q.area_unit_id) : undefined;
    const rows = await repo.list(this.db, { status: q.status, ...month, areas, limit: MAX_LISTED });
    const items = [];
    for (const r of rows) items.push(await this.view(r));
    return { items };
  }

  /** One warning with its orders (no caller's data: a supervisor opens an order's page for more). */
  async get(id: number) {
    const row = await repo.find(this.db, id);
    if (!row) throw errors.notFound('surgeWarning');
    const areas = await subtreeOf(this.db, row.area_unit_id);
    const orders = await repo.orders(
      this.db,
      areas,
      row.category_id,
      toDbTime(dayStart(row.first_day)),
      toDbTime(dayStart(nextDate(row.last_day))),
      MAX_ORDERS,
    );
    return {
      ...(await this.view(row)),
      orders: orders.map((o) => ({ ...o, created_at: iso(o.created_at) })),
    };
  }

  acknowledge(actor: Actor, id: number, input: { version: number }) {
    return this.change(actor, id, input.version, 'acknowledge', async (_trx, now) => ({
      status: 'acknowledged',
      acknowledged_by: actor.id,
      acknowledged_at: now,
    }));
  }

  /** To an active unit, mailed to its address and its head's, once per assignment (the version it made). */
  async assign(actor: Actor, id: number, input: AssignInput) {
    const unit = await departmentsRepository.find(this.db, input.department_id);
    if (!unit || !unit.active) throw errors.validation([detail('department_id', 'surge.noSuchUnit')]);
    return this.change(actor, id, input.version, 'assign', async (trx, now, row) => {
      await this.mailUnit(trx, row, unit, input.note, now);
      return {
        status: 'assigned',
        assigned_unit_id: unit.id,
        assign_note: input.note || null,
        assigned_by: actor.id,
        assigned_at: now,
      };
    });
  }

  close(actor: Actor, id: number, input: CloseInput) {
    return this.change(actor, id, input.version, 'close', async (_trx, now) => ({
      status: 'closed',
      resolution: input.resolution,
      closed_by: actor.id,
      closed_at: now,
    }));
  }

  /**
   * One action in one transaction: the version the caller saw (stale: 409 VERSION_CONFLICT), the status it may be
   * taken from (409 INVALID_TRANSITION), the conditional update that claims the version, the audit row, and the
   * bus message once committed.
   */
  private async change(
    actor: Actor,
    id: number,
    version: number,
    action: Action,
    patchOf: (trx: Executor, now: string, row: SurgeWarningJoined) => Promise<SurgePatch>,
  ) {
    await withTransaction(this.db, async (trx) => {
      const row = await repo.find(trx, id);
      if (!row) throw errors.notFound('surgeWarning');
      if (row.version !== version) throw conflict();
      if (!FROM[action].includes(row.status))
        throw errors.invalidTransition('surge.badTransition', { from: row.status, action });
      const now = toDbTime(clock.now());
      const patch = await patchOf(trx, now, row);
      if (!(await repo.update(trx, id, version, { ...patch, updated_at: now }))) throw conflict();
      await auditRepository.record(
        trx,
        actor,
        `surge_${action}`,
        { type: 'surge_warning', id },
        { from: row.status, to: patch.status, version: version + 1 },
        now,
      );
      onCommit(trx, () => bus.publish(surgeChanged(id)));
    });
    return this.get(id);
  }

  private async mailUnit(
    trx: Executor,
    row: SurgeWarningJoined,
    unit: { id: number; name: string; email: string | null; head_email: string | null },
    note: string,
    now: string,
  ) {
    const area = await areaView(trx, row.area_unit_id);
    const words = {
      unit: unit.name,
      area: area ? area.path.join('') : String(row.area_unit_id),
      category: row.category_name ?? '',
      first_day: row.first_day,
      last_day: row.last_day,
      count: row.count,
      baseline: roundBaseline(row.baseline),
      note: note || '—',
    };
    const subject = render('surge.mail.subject', words, 'zh');
    const body = `${render('surge.mail.body', words, 'zh')}\n\n${render('mail.footer', {}, 'zh')}\n`;
    // The assignment is the version this change makes: a retried request never mails twice, a re-assignment does.
    const recipients = [...new Set([unit.email, unit.head_email].filter((e): e is string => !!e))];
    for (const [i, recipient] of recipients.entries())
      await outboxRepository.enqueueOnce(
        trx,
        { recipient, subject, body, dedupe_key: `surge:assign:${row.id}:${row.version + 1}:${i}` },
        now,
      );
  }

  /** A warning as the API shows it: its area with its path, category, figures, status and who did what when. */
  private async view(r: SurgeWarningJoined) {
    return {
      id: r.id,
      area: await areaView(this.db, r.area_unit_id),
      category: { id: r.category_id, name: r.category_name },
      first_day: r.first_day,
      last_day: r.last_day,
      count: r.count,
      peak: r.peak,
      baseline: roundBaseline(r.baseline),
      control_limit: r.control_limit,
      status: r.status,
      assigned_unit: r.assigned_unit_id ? { id: r.assigned_unit_id, name: r.assigned_unit_name } : null,
      assign_note: r.assign_note,
      resolution: r.resolution,
      raised_at: iso(r.created_at),
      acknowledged: step(r.acknowledged_by, r.acknowledged_by_name, r.acknowledged_at),
      assigned: step(r.assigned_by, r.assigned_by_name, r.assigned_at),
      closed: step(r.closed_by, r.closed_by_name, r.closed_at),
      version: r.version,
    };
  }
}

const conflict = () => new AppError(409, 'VERSION_CONFLICT', 'surge.versionConflict');

/** The baseline as people read it: two decimals at most (the table keeps four). */
export const roundBaseline = (b: number | string) => Math.round(Number(b) * 100) / 100;

function step(by: number | null, name: string | null, at: Date | string | null) {
  return at ? { by, by_name: name, at: iso(at) } : null;
}
