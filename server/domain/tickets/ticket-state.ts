// The state machine of a work order (docs/rules/work-orders.md): which action is allowed from which
// status, and to whom. Anything not listed here is refused.
import { errors } from '../../lib/errors.ts';
import type { Actor, Role } from '../users/actor.ts';
import type { Status, TicketRow } from './ticket.types.ts';
import { OPEN } from './ticket.types.ts';

export type Action =
  | 'dispatch' | 'sign' | 'return' | 'extension' | 'suspend' | 'resume' | 'reply' | 'callback' | 'answer'
  | 'merge' | 'supervise' | 'decide_return' | 'decide_extension' | 'decide_suspension' | 'recall'
  | 'reveal_phone' | 'contact' | 'recompute_deadlines' | 'callback_failed';

interface Rule {
  from: readonly Status[];
  roles: readonly Role[];
  /** Handlers may act only on tickets currently held by their own department. */
  ownDepartment?: boolean;
}

const HANDLER_HOLDS: readonly Status[] = ['dispatched', 'accepted'];

export const RULES: Record<Action, Rule> = {
  dispatch: { from: ['received'], roles: ['operator'] },
  sign: { from: ['dispatched'], roles: ['handler'], ownDepartment: true },
  return: { from: HANDLER_HOLDS, roles: ['handler'], ownDepartment: true },
  extension: { from: HANDLER_HOLDS, roles: ['handler'], ownDepartment: true },
  suspend: { from: ['accepted'], roles: ['handler'], ownDepartment: true },
  resume: { from: ['suspended'], roles: ['handler', 'supervisor'], ownDepartment: true },
  reply: { from: ['accepted'], roles: ['handler'], ownDepartment: true },
  callback: { from: ['replied'], roles: ['operator'] },
  callback_failed: { from: ['replied'], roles: ['operator'] },
  answer: { from: ['received'], roles: ['operator'] },
  merge: { from: ['received', 'dispatched'], roles: ['operator'] },
  supervise: { from: OPEN, roles: ['supervisor'] },
  decide_return: { from: HANDLER_HOLDS, roles: ['supervisor'] },
  decide_extension: { from: ['dispatched', 'accepted', 'suspended'], roles: ['supervisor'] },
  decide_suspension: { from: ['accepted'], roles: ['supervisor'] },
  // 撤回: a dispatch made by mistake, taken back before the department signs for it (then 改派: dispatch again).
  recall: { from: ['dispatched'], roles: ['operator'] },
  // 显示号码 and 先联系后办理: the department holding the order calls the resident (allowed-actions.ts adds the rest).
  reveal_phone: { from: ['dispatched', 'accepted', 'suspended'], roles: ['handler'], ownDepartment: true },
  contact: { from: ['dispatched', 'accepted', 'suspended'], roles: ['handler'], ownDepartment: true },
  // An administrator entering a year's holidays moves the deadlines computed on its unconfirmed days.
  recompute_deadlines: { from: ['dispatched', 'accepted', 'suspended'], roles: ['admin'] },
};

const ACTION_NAMES: Record<Action, string> = {
  dispatch: '派单', sign: '签收', return: '退单', extension: '延期申请', suspend: '挂起申请', resume: '恢复',
  reply: '答复', callback: '回访', callback_failed: '记录回访未成功', answer: '直接答复', merge: '并单', supervise: '督办',
  decide_return: '退单审核', decide_extension: '延期审核', decide_suspension: '挂起审核', recall: '撤回', reveal_phone: '显示号码', contact: '记录联系', recompute_deadlines: '重算时限',
};

/** Throws 403 when the actor may not take this action on this ticket at all. */
export function assertAllowed(action: Action, ticket: Pick<TicketRow, 'department_id'>, actor: Actor): void {
  const rule = RULES[action];
  if (actor.role === 'system') return;
  if (!rule.roles.includes(actor.role)) throw errors.forbidden(`当前角色不能${ACTION_NAMES[action]} / role may not ${action}`);
  if (rule.ownDepartment && actor.role === 'handler' && actor.department_id !== ticket.department_id) {
    throw errors.forbidden(`只能处理本部门的工单 / not your department's ticket`);
  }
}

/** Throws 409 INVALID_TRANSITION when the ticket's status does not allow the action. */
export function assertTransition(action: Action, status: Status): void {
  if (!RULES[action].from.includes(status)) {
    throw errors.invalidTransition(`工单状态为“${STATUS_NAMES[status]}”，不能${ACTION_NAMES[action]} / cannot ${action} a ${status} ticket`);
  }
}

export const STATUS_NAMES: Record<Status, string> = {
  received: '已受理', dispatched: '已派单', accepted: '办理中', suspended: '已挂起', replied: '已答复',
  closed: '已办结', merged: '已并单',
};
