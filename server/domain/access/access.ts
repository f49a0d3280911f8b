// Who may read and do what (docs/rules/access.md), said once. Routes and services ask this module; no other file
// compares an actor's department with a record's or keeps a list of roles for a permission.
//
// A grant names the roles that may act anywhere (the hotline: operators, supervisors, administrators) and the roles
// that may act only on the work of the units they may see (handlers). Which units those are is `unitsOf`: today a
// handler's own department; when levels come (a district seeing its streets' orders) that function is the change.
// Callers who hold a key instead of a session (CTI, Open311 partners, review devices, display links, a resident's
// look-up code) are checked by their key's own service and never reach these grants.
import { errors, type AppError, type MessageKey } from '../../lib/errors.ts';
import type { Actor, Role } from '../users/actor.ts';

/** Everything that can be done to a work order (the state machine, tickets/ticket-state.ts, says from which status). */
export type TicketAction =
  | 'dispatch'
  | 'sign'
  | 'return'
  | 'extension'
  | 'suspend'
  | 'resume'
  | 'reply'
  | 'callback'
  | 'answer'
  | 'merge'
  | 'supervise'
  | 'decide_return'
  | 'decide_extension'
  | 'decide_suspension'
  | 'recall'
  | 'reveal_phone'
  | 'contact'
  | 'recompute_deadlines'
  | 'callback_failed'
  | 'designate'
  // Passing down (转派): the holder passes the order to a unit below it; a level's own unit signs and replies to its
  // parent; the parent's unit reviews (approves, sends back, takes back). docs/rules/work-orders.md "Passing down".
  | 'pass_down'
  | 'level_sign'
  | 'level_reply'
  | 'level_review'
  // 不合理诉求: the holding unit applies, a supervisor decides (docs/rules/work-orders.md "Unreasonable demands").
  | 'unreasonable'
  | 'decide_unreasonable';

export type Permission =
  | `ticket.${TicketAction}`
  | 'ticket.create'
  | 'ticket.read'
  | 'ticket.duplicates'
  | 'ticket.suggest'
  | 'ticket.queue'
  | 'ticket.callback.read'
  | 'ticket.requests'
  | 'ticket.caller'
  | 'ticket.search_phone'
  | 'rating.read'
  | 'rating.trace'
  | 'rating.link'
  | 'rating.appeal'
  | 'rating.appeal.decide'
  | 'rating.bursts'
  | 'rating.bursts.decide'
  | 'supervision.read'
  | 'knowledge.edit'
  | 'device.read'
  | 'device.duty'
  | 'rating_code.print'
  | 'call.record'
  | 'call.read'
  | 'call.current'
  | 'call.recording.play'
  | 'callback.read'
  | 'callback.work'
  | 'figures.read'
  | 'leaderboard.publish'
  | 'user.list'
  | 'live.dashboard'
  | 'live.inbox'
  | 'dispute.read'
  | 'sms.read'
  | 'attachment.upload'
  | 'unreasonable.report'
  | 'linkage.send'
  | 'linkage.read'
  | 'hotspot.map'
  | 'hotspot.map.upload'
  | 'surge.read'
  | 'surge.act'
  | 'administer';

type Who = Role | 'system';

interface Grant {
  /** Roles that may, whatever the record's unit. */
  anywhere: readonly Who[];
  /** Roles that may only within the units they see (unitsOf). */
  inUnits?: readonly Who[];
  /** The refusal's message (a catalogue key) for a role without the grant, and for one asking outside its units. */
  refused?: MessageKey;
  outsideUnits?: MessageKey;
  /** `inUnits` roles act only on their own department's records, not on those of the units below it they see. */
  ownUnit?: boolean;
}

/** The hotline: the staff who take calls, press departments and run the service. */
const HOTLINE: readonly Who[] = ['operator', 'supervisor', 'admin'];
/** Those who read the service's figures and decide what departments ask. */
const OVERSIGHT: readonly Who[] = ['supervisor', 'admin'];
const HANDLERS: readonly Who[] = ['handler'];

/**
 * Who may take each action on a work order. Jobs of the service itself (the system actor: auto-close,
 * escalations, a year's holidays entered) take any of them; the state machine alone decides when.
 */
const TICKET_ACTIONS: Record<
  TicketAction,
  { anywhere: readonly Role[]; inUnits?: readonly Role[]; ownUnit?: boolean }
> = {
  dispatch: { anywhere: ['operator'] },
  // The order's own department acts on it (ownUnit): a district reads its streets' orders but does not sign, return
  // or reply for them; it acts on a street's work only through the levels it passed down (docs/rules/access.md).
  sign: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  return: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  extension: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  suspend: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  // A suspended order resumes at its department's word or a supervisor's.
  resume: { anywhere: ['supervisor'], inUnits: ['handler'], ownUnit: true },
  reply: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  callback: { anywhere: ['operator'] },
  callback_failed: { anywhere: ['operator'] },
  answer: { anywhere: ['operator'] },
  merge: { anywhere: ['operator'] },
  supervise: { anywhere: ['supervisor'] },
  decide_return: { anywhere: ['supervisor'] },
  decide_extension: { anywhere: ['supervisor'] },
  decide_suspension: { anywhere: ['supervisor'] },
  recall: { anywhere: ['operator'] },
  // 显示号码 and 先联系后办理: the department holding the order calls the resident.
  reveal_phone: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  contact: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  recompute_deadlines: { anywhere: ['admin'] },
  // 指定: after disputed returns a supervisor names the unit responsible (docs/rules/work-orders.md).
  designate: { anywhere: ['supervisor'] },
  // A level is its own unit's work: a district that sees its streets' orders does not sign, reply or review for
  // them (ownUnit: the record's unit must be the handler's own department, not merely one it sees).
  pass_down: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  level_sign: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  level_reply: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  level_review: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  unreasonable: { anywhere: [], inUnits: ['handler'], ownUnit: true },
  decide_unreasonable: { anywhere: ['supervisor'] },
};

const ticketGrants = Object.fromEntries(
  Object.entries(TICKET_ACTIONS).map(([action, g]): [string, Grant] => [
    `ticket.${action}`,
    {
      anywhere: [...g.anywhere, 'system'],
      inUnits: g.inUnits,
      outsideUnits: 'error.notYourDepartment',
      ...(g.ownUnit ? { ownUnit: true } : {}),
    },
  ]),
) as Record<`ticket.${TicketAction}`, Grant>;

const GRANTS: Record<Permission, Grant> = {
  ...ticketGrants,
  'ticket.create': { anywhere: ['operator'], refused: 'ticket.onlyOperatorsCreate' },
  // A ticket is read by the hotline and by the department holding it; lists are narrowed to the reader's units.
  'ticket.read': {
    anywhere: HOTLINE,
    inUnits: HANDLERS,
    refused: 'ticket.notYourDepartmentToRead',
    outsideUnits: 'ticket.notYourDepartmentToRead',
  },
  'ticket.duplicates': { anywhere: ['operator', 'supervisor'] },
  // The suggested category and unit while an order is typed (intake.md "Suggested dispatch").
  'ticket.suggest': { anywhere: ['operator', 'supervisor'] },
  'ticket.queue': { anywhere: HOTLINE },
  'ticket.callback.read': { anywhere: HOTLINE },
  'ticket.requests': { anywhere: OVERSIGHT },
  // The caller's full number and name in a ticket's detail; departments read them masked (docs/api.md "Work orders").
  'ticket.caller': { anywhere: [...HOTLINE, 'system'] },
  // Searching by the caller's number: departments must not learn hidden numbers by guessing digits.
  'ticket.search_phone': { anywhere: [...HOTLINE, 'system'] },
  'rating.read': { anywhere: HOTLINE, inUnits: HANDLERS, outsideUnits: 'ratings.notYourDepartment' },
  // Which ticket a rating rates, and who recorded it: a department that learnt it could trace a bad review to the
  // resident (issue 11), so only the hotline reads ratings on timelines and rating links.
  'rating.trace': { anywhere: [...HOTLINE, 'system'] },
  'rating.link': { anywhere: HOTLINE, refused: 'ratings.departmentsNoLinks' },
  'rating.appeal': {
    anywhere: [],
    inUnits: HANDLERS,
    ownUnit: true,
    refused: 'ratings.onlyRatedDepartmentAppeals',
    outsideUnits: 'ratings.onlyRatedDepartmentAppeals',
  },
  'rating.appeal.decide': { anywhere: ['supervisor'], refused: 'ratings.onlySupervisorsDecideAppeals' },
  'rating.bursts': { anywhere: OVERSIGHT, refused: 'ratings.burstReaders' },
  'rating.bursts.decide': { anywhere: ['supervisor'], refused: 'ratings.onlySupervisorsDecideBursts' },
  'supervision.read': { anywhere: OVERSIGHT, inUnits: HANDLERS },
  // Files on an order (docs/rules/attachments.md "Who uploads"): the hotline's operators and supervisors on any order,
  // a handler on the orders of its own unit (ownUnit: the attachments service hands it the unit holding the order, or
  // the handler's own unit when that holds a live level of it).
  'attachment.upload': {
    anywhere: ['operator', 'supervisor', 'system'],
    inUnits: HANDLERS,
    ownUnit: true,
    refused: 'attachments.uploaders',
    outsideUnits: 'attachments.uploaders',
  },
  // Disputed returns and designations (GET /disputes): the supervisors' queue.
  'dispute.read': { anywhere: OVERSIGHT },
  // The list of texts sent (numbers masked, words not shown): administrators and supervisors.
  'sms.read': { anywhere: OVERSIGHT },
  // The month's approved unreasonable demands (GET /reports/unreasonable): a handler reads its units'.
  'unreasonable.report': { anywhere: OVERSIGHT, inUnits: HANDLERS },
  'knowledge.edit': {
    anywhere: OVERSIGHT,
    inUnits: HANDLERS,
    ownUnit: true,
    refused: 'knowledge.editors',
    outsideUnits: 'knowledge.ownDepartmentOnly',
  },
  'device.read': { anywhere: OVERSIGHT, inUnits: HANDLERS },
  'device.duty': {
    anywhere: ['admin'],
    inUnits: HANDLERS,
    ownUnit: true,
    refused: 'error.otherDepartment',
    outsideUnits: 'error.otherDepartment',
  },
  // A window's or a staff member's printable rating code.
  'rating_code.print': {
    anywhere: ['admin'],
    inUnits: HANDLERS,
    ownUnit: true,
    refused: 'windows.qrOwnDepartment',
    outsideUnits: 'windows.qrOwnDepartment',
  },
  'call.record': { anywhere: ['operator'], refused: 'calls.onlyOperatorsRecord' },
  'call.read': { anywhere: HOTLINE },
  'call.current': { anywhere: ['operator'] },
  // Recordings are played for appeals and quality checks (docs/rules/attachments.md "Call recordings"), each play
  // audited; administrators run the service and do not listen to residents.
  'call.recording.play': { anywhere: ['operator', 'supervisor'], refused: 'calls.recordingPlayers' },
  'callback.read': { anywhere: HOTLINE },
  'callback.work': { anywhere: ['operator'], refused: 'callbacks.onlyOperators' },
  'figures.read': { anywhere: OVERSIGHT },
  'leaderboard.publish': { anywhere: ['supervisor'] },
  'user.list': { anywhere: OVERSIGHT },
  'live.dashboard': { anywhere: OVERSIGHT },
  // A handler's inbox hears of its units' orders only.
  'live.inbox': { anywhere: [], inUnits: HANDLERS },
  // 联动工单 (docs/integration.md "110/119/120/122 linkage"): the hotline's operators and supervisors send and follow
  // them; the partner's side of an order is no department's business.
  'linkage.send': { anywhere: ['operator', 'supervisor'] },
  'linkage.read': { anywhere: ['operator', 'supervisor'] },
  // The map of hot spots (docs/rules/hot-spots.md "The map"): the areas' shading and orders are the oversight's;
  // the city's map is uploaded by an administrator. Wall screens read the map by their display link.
  'hotspot.map': { anywhere: OVERSIGHT },
  'hotspot.map.upload': { anywhere: ['admin'] },
  // Surge warnings (热点预警, docs/rules/hot-spots.md "Warnings' life"): supervisors and administrators read them and
  // acknowledge, assign and close them; the units they are assigned to hear of them by mail.
  'surge.read': { anywhere: OVERSIGHT },
  'surge.act': { anywhere: OVERSIGHT },
  administer: { anywhere: ['admin'] },
};

/** Every permission the policy grants (for the policy's own tests). */
export const PERMISSIONS = Object.keys(GRANTS) as Permission[];

/** A record that belongs to a unit (a department): a ticket, a rating, an article, a device, a window. */
export interface InUnit {
  department_id: number | null;
  /**
   * Every unit holding a live level of a ticket (passed down to it, co-handling it): any of them reads the order.
   * Reading only: acting (ownUnit grants) asks the record the action is on (a level's own unit), never this list.
   */
  unit_ids?: readonly number[];
}

/**
 * The units (departments) whose work the actor sees where a grant is `inUnits`: a handler's own department and
 * every unit below it (a district's streets and their communities; departments/unit-tree.ts), as the session
 * was read (Actor.units). An actor built without them (a job, a test) sees its own department.
 */
export function unitsOf(actor: Pick<Actor, 'department_id' | 'units'>): readonly number[] {
  if (actor.units) return actor.units;
  return actor.department_id === null ? [] : [actor.department_id];
}

/** The unit a handler's own work goes to by default (a new article); null for the hotline. */
export function homeUnit(actor: Pick<Actor, 'department_id'>): number | null {
  return actor.department_id;
}

/**
 * Whether the actor sees the unit's work (a record with no unit is no one's), or, given a ticket's `unit_ids`, the
 * work of any unit holding a live level of it (a street reads the order a district passed down to it).
 */
export function seesUnit(
  actor: Pick<Actor, 'department_id' | 'units'>,
  unit: number | null,
  unitIds: readonly number[] = [],
): boolean {
  const mine = unitsOf(actor);
  return (unit !== null && mine.includes(unit)) || unitIds.some((u) => mine.includes(u));
}

export type Refusal = 'role' | 'unit';

/**
 * Why the actor may not do this, or null when they may: 'role' for a role without the grant, 'unit' for a record
 * outside the units the actor sees. Without a record only the role is asked (may this role ever do it?).
 */
export function refusalOf(
  actor: Pick<Actor, 'role' | 'department_id' | 'units'>,
  permission: Permission,
  record?: InUnit,
): Refusal | null {
  const grant = GRANTS[permission];
  if (grant.anywhere.includes(actor.role)) return null;
  if (!grant.inUnits?.includes(actor.role)) return 'role';
  if (record === undefined) return null;
  if (grant.ownUnit) return record.department_id !== null && record.department_id === homeUnit(actor) ? null : 'unit';
  return seesUnit(actor, record.department_id, record.unit_ids) ? null : 'unit';
}

export function can(
  actor: Pick<Actor, 'role' | 'department_id' | 'units'>,
  permission: Permission,
  record?: InUnit,
): boolean {
  return refusalOf(actor, permission, record) === null;
}

/** The 403 the actor meets, in the permission's own words, or null when they may (for callers that audit it). */
export function accessError(
  actor: Pick<Actor, 'role' | 'department_id' | 'units'>,
  permission: Permission,
  record?: InUnit,
): AppError | null {
  const refused = refusalOf(actor, permission, record);
  if (!refused) return null;
  const grant = GRANTS[permission];
  return errors.forbidden((refused === 'unit' ? grant.outsideUnits : grant.refused) ?? undefined);
}

/** Throws 403 with the permission's own words when the actor may not do this (to this record). */
export function requireAccess(
  actor: Pick<Actor, 'role' | 'department_id' | 'units'>,
  permission: Permission,
  record?: InUnit,
): void {
  const err = accessError(actor, permission, record);
  if (err) throw err;
}

/** Whether the permission is the actor's everywhere ('all'), only within their units ('units'), or not at all. */
export function reachOf(actor: Pick<Actor, 'role'>, permission: Permission): 'all' | 'units' | 'none' {
  const grant = GRANTS[permission];
  if (grant.anywhere.includes(actor.role)) return 'all';
  return grant.inUnits?.includes(actor.role) ? 'units' : 'none';
}

/** No department has this id: a reader who sees no unit finds nothing. */
const NO_UNIT = -1;

/**
 * A list's filter as this reader may run it (403 for a role without the permission). The hotline's filter is its
 * own. A reader within units gets `department_ids`: every unit it sees (its own and those below it), or for a grant
 * of its own unit only (ownUnit) its own department; a `department_id` it asked for narrows that to the one unit when
 * it is among them, and is otherwise ignored (a street asking for another street's list gets its own).
 * Repositories filter with whereIn on `department_ids` when it is set.
 */
export function scopeToUnits<F extends { department_id?: number | null }>(
  actor: Actor,
  permission: Permission,
  filter: F,
): F & { department_ids?: readonly number[] } {
  requireAccess(actor, permission);
  if (reachOf(actor, permission) === 'all') return filter;
  const own = homeUnit(actor);
  const units = GRANTS[permission].ownUnit ? (own === null ? [] : [own]) : unitsOf(actor);
  const { department_id: asked, ...rest } = filter;
  const department_ids = asked !== undefined && asked !== null && units.includes(asked) ? [asked] : units;
  return { ...rest, department_ids: department_ids.length ? department_ids : [NO_UNIT] } as unknown as F & {
    department_ids: readonly number[];
  };
}

/** The roles of a ticket action, for the state machine's table (tickets/ticket-state.ts RULES). */
export function rolesOf(permission: Permission): { roles: Role[]; inUnits: boolean } {
  const grant = GRANTS[permission];
  const roles = [...grant.anywhere, ...(grant.inUnits ?? [])].filter((r): r is Role => r !== 'system');
  return { roles, inUnits: Boolean(grant.inUnits?.length) };
}
