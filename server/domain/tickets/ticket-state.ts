// The state machine of a work order (docs/rules/work-orders.md): which action is allowed from which
// status. Anything not listed here is refused. Who may take each action is the access policy's (access/access.ts).
import { errors } from '../../lib/errors.ts';
import { refusalOf, rolesOf, type TicketAction } from '../access/access.ts';
import type { Actor, Role } from '../users/actor.ts';
import type { Status, TicketRow } from './ticket.types.ts';
import { OPEN } from './ticket.types.ts';

export type Action = TicketAction;

interface Rule {
  from: readonly Status[];
  /** Who may (from the access policy): read here with the statuses, never decided here. */
  roles: readonly Role[];
  /** Handlers may act only on tickets held by the units they see (their own department). */
  ownDepartment?: boolean;
}

const HANDLER_HOLDS: readonly Status[] = ['dispatched', 'accepted'];

const FROM: Record<Action, readonly Status[]> = {
  dispatch: ['received'],
  sign: ['dispatched'],
  return: HANDLER_HOLDS,
  extension: HANDLER_HOLDS,
  suspend: ['accepted'],
  resume: ['suspended'],
  reply: ['accepted'],
  callback: ['replied'],
  callback_failed: ['replied'],
  answer: ['received'],
  merge: ['received', 'dispatched'],
  supervise: OPEN,
  decide_return: HANDLER_HOLDS,
  decide_extension: ['dispatched', 'accepted', 'suspended'],
  decide_suspension: ['accepted'],
  // 撤回: a dispatch made by mistake, taken back before the department signs for it (then 改派: dispatch again).
  recall: ['dispatched'],
  // 显示号码 and 先联系后办理: while the department holds the order (allowed-actions.ts adds the rest).
  reveal_phone: ['dispatched', 'accepted', 'suspended'],
  contact: ['dispatched', 'accepted', 'suspended'],
  // An administrator entering a year's holidays moves the deadlines computed on its unconfirmed days.
  recompute_deadlines: ['dispatched', 'accepted', 'suspended'],
  // 指定: an order back at the hotline after disputed returns (disputes.ts says how many).
  designate: ['received'],
  // 转派 (levels.service.ts): passed down while the holder handles it; a level's own state is checked there.
  pass_down: ['accepted'],
  // A co-unit (会办, co-handling.ts) works from the dispatch on, before the lead signs, and a late one still replies
  // after the lead answered over it with a reason; a down level exists only while its holder handles the order.
  level_sign: ['dispatched', 'accepted', 'suspended', 'replied'],
  level_reply: ['dispatched', 'accepted', 'suspended', 'replied'],
  level_review: ['accepted', 'suspended'],
  // 不合理诉求: applied for while the unit handles it or after its answer (a closed order within a window,
  // allowed-actions.ts); decided whatever the order has become meanwhile, since the order itself goes on.
  unreasonable: ['accepted', 'suspended', 'replied', 'closed'],
  decide_unreasonable: ['dispatched', 'accepted', 'suspended', 'replied', 'closed'],
};

function ruleOf(action: Action): Rule {
  const { roles, inUnits } = rolesOf(`ticket.${action}`);
  return { from: FROM[action], roles, ...(inUnits ? { ownDepartment: true } : {}) };
}

/** Each action's statuses with who may take it, as one table for the pages' and the tests' reading. */
export const RULES = Object.fromEntries((Object.keys(FROM) as Action[]).map((a) => [a, ruleOf(a)])) as Record<
  Action,
  Rule
>;

/** Throws 403 when the actor may not take this action on this ticket at all (the access policy decides). */
export function assertAllowed(action: Action, ticket: Pick<TicketRow, 'department_id'>, actor: Actor): void {
  const refused = refusalOf(actor, `ticket.${action}`, ticket);
  if (refused === 'role') throw errors.forbidden('ticket.roleMayNot', { action });
  if (refused === 'unit') throw errors.forbidden('error.notYourDepartment');
}

/** Throws 409 INVALID_TRANSITION when the ticket's status does not allow the action. */
export function assertTransition(action: Action, status: Status): void {
  if (!RULES[action].from.includes(status)) {
    throw errors.invalidTransition('ticket.invalidTransition', { status, action });
  }
}
