// What a ticket's levels look like to each reader (docs/api.md "Passing down"): the chain under the hotline's
// current dispatch, each level with its status (derived, never stored) and the actions this reader may take on it
// now, by the same rules levels.service.ts checks, so a page never offers what the server would refuse.
import { iso } from '../../lib/time.ts';
import { can, homeUnit, type Permission } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import type { LevelRow } from './levels.repository.ts';
import { RULES, type Action } from './ticket-state.ts';
import type { AssignmentRow, Card, TicketRow } from './ticket.types.ts';

export type LevelStatus = 'dispatched' | 'accepted' | 'replied' | NonNullable<AssignmentRow['end_reason']>;

/**
 * Ended: by why it ended ('replied' once approved, or a co-unit's reply); a reply not yet reviewed: 'replied' with
 * no ended_at (awaiting the unit above); signed: 'accepted'; else 'dispatched'.
 */
export function levelStatus(
  a: Pick<AssignmentRow, 'ended_at' | 'end_reason' | 'replied_at' | 'signed_at'>,
): LevelStatus {
  if (a.ended_at) return a.end_reason ?? 'replied';
  if (a.replied_at) return 'replied';
  return a.signed_at ? 'accepted' : 'dispatched';
}

export type LevelAction = 'sign' | 'reply' | 'contact' | 'approve' | 'send_back' | 'take_back';

const open = (a: AssignmentRow) => !a.ended_at;

/** The assignment that holds the order for a unit: its main dispatch, or its open level passed down, if any. */
export function holderIn(t: Pick<TicketRow, 'assignment_id'>, rows: LevelRow[], unit: number | null): LevelRow | null {
  if (unit === null) return null;
  const main = rows.find((r) => r.id === t.assignment_id);
  if (main && open(main) && main.department_id === unit) return main;
  return rows.filter((r) => r.role === 'down' && open(r) && r.department_id === unit).pop() ?? null;
}

/** The current dispatch and every level under it, in dispatch order (earlier dispatches live on the timeline). */
export function chainOf(t: Pick<TicketRow, 'assignment_id'>, rows: LevelRow[]): LevelRow[] {
  if (!t.assignment_id) return [];
  const inChain = new Set([t.assignment_id]);
  for (const r of rows) if (r.parent_id && inChain.has(r.parent_id)) inChain.add(r.id);
  return rows.filter((r) => inChain.has(r.id));
}

/**
 * The units that read the order through a level (access.ts unit_ids): those holding a live level, and those whose
 * level ended with their work done (an approved reply, a co-unit's answer), who keep reading the order they worked
 * as the main department does after its reply. A level taken back or ended with the whole order leaving reads no more.
 */
export const readingUnits = (rows: AssignmentRow[]) => [
  ...new Set(
    rows.filter((r) => r.role !== 'main' && (open(r) || r.end_reason === 'replied')).map((r) => r.department_id),
  ),
];

/** The open level passed down from an assignment (one at a time), if any. */
export const openChildIn = (rows: LevelRow[], parentId: number) =>
  rows.find((r) => r.parent_id === parentId && r.role === 'down' && open(r)) ?? null;

/** The actor may take the level action on a record of this unit (the access policy) from the ticket's status. */
function may(actor: Actor, t: Pick<TicketRow, 'status'>, action: Action, unit: number): boolean {
  return RULES[action].from.includes(t.status) && can(actor, `ticket.${action}` as Permission, { department_id: unit });
}

/** What this reader may do on one level now. `allowed` is the ticket's own allowed actions (for the main dispatch). */
export function levelActions(
  actor: Actor,
  t: Pick<TicketRow, 'status' | 'assignment_id'>,
  level: LevelRow,
  rows: LevelRow[],
  allowed: readonly string[],
): LevelAction[] {
  if (level.role === 'main') {
    return level.id === t.assignment_id
      ? (['sign', 'reply', 'contact'] as const).filter((a) => allowed.includes(a))
      : [];
  }
  if (!open(level)) return [];
  const out: LevelAction[] = [];
  const own = level.department_id;
  if (!level.signed_at && may(actor, t, 'level_sign', own)) out.push('sign');
  if (level.signed_at && !level.replied_at && !openChildIn(rows, level.id) && may(actor, t, 'level_reply', own))
    out.push('reply');
  // 先联系后办理 at its level: its own unit, once (ticket-contact.service.ts records it on the level).
  if (
    !level.contacted_at &&
    RULES.contact.from.includes(t.status) &&
    can(actor, 'ticket.level_sign', { department_id: own })
  )
    out.push('contact');
  const parent = rows.find((r) => r.id === level.parent_id);
  if (level.role === 'down' && parent && may(actor, t, 'level_review', parent.department_id)) {
    if (level.replied_at) out.push('approve', 'send_back');
    out.push('take_back');
  }
  return out;
}

/**
 * Whether the reader's unit may pass the order down now: it holds it (signed, its reply not awaiting review), no
 * level it passed down is open, and it has a unit below (`hasUnitBelow`, asked only when the rest holds).
 */
export async function mayPassDown(
  actor: Actor,
  t: Pick<TicketRow, 'status' | 'assignment_id'>,
  rows: LevelRow[],
  hasUnitBelow: (unit: number) => Promise<boolean>,
): Promise<boolean> {
  const holder = holderIn(t, rows, homeUnit(actor));
  if (!holder || !holder.signed_at || (holder.role !== 'main' && holder.replied_at)) return false;
  if (openChildIn(rows, holder.id) || !may(actor, t, 'pass_down', holder.department_id)) return false;
  return hasUnitBelow(holder.department_id);
}

/** `card`: the level's own card now (level-card.ts#assignmentCard: the main assignment in force, the ticket's). */
export function levelView(a: LevelRow, actions: LevelAction[], card: Card) {
  return {
    id: a.id,
    parent_id: a.parent_id ?? null,
    role: a.role ?? 'main',
    department_id: a.department_id,
    department_name: a.department_name,
    status: levelStatus(a),
    dispatched_at: iso(a.dispatched_at),
    sign_deadline_at: iso(a.sign_deadline_at),
    due_at: iso(a.due_at),
    signed_at: iso(a.signed_at),
    replied_at: iso(a.replied_at),
    contacted_at: iso(a.contacted_at ?? null),
    ended_at: iso(a.ended_at),
    end_reason: a.end_reason,
    reply: a.reply ?? null,
    designated: Boolean(a.designated),
    card,
    actions,
  };
}

export type LevelView = ReturnType<typeof levelView>;
