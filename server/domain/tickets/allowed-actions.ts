// What a reader may do to a ticket now, from the same rules the actions check: the state machine's role, department
// and status (ticket-state.ts) and the conditions below, which the services call too before they act. A page shows
// only what is listed here (a ticket's `allowed_actions`), so it never offers what the server would refuse.
import { AppError, errors } from '../../lib/errors.ts';
import { fromDbTime } from '../../lib/db.ts';
import type { Actor } from '../users/actor.ts';
import { RULES, assertAllowed, assertTransition, type Action } from './ticket-state.ts';
import { recallRefusal } from './recall-rule.ts';
import { designatedReturnRefusal, designationRefusal, dispatchDisputeRefusal } from './disputes.ts';
import type { RequestKind, RequestRow, TicketRow } from './ticket.types.ts';

/** A request of this kind cannot be made while one is waiting; an extension not even after one was approved. */
export function requestRefusal(kind: RequestKind, requests: Pick<RequestRow, 'kind' | 'status'>[]): AppError | null {
  // One extension per ticket (docs/rules/work-orders.md); otherwise one request of a kind waiting at a time.
  const blocking = kind === 'extension' ? ['pending', 'approved'] : ['pending'];
  return requests.some((r) => r.kind === kind && blocking.includes(r.status))
    ? errors.alreadyExists('ticket.requestExists', { kind })
    : null;
}

/** A return is asked for within its window after dispatch (config rules.returnWithinWorkdays). */
export function returnWindowRefusal(now: Date, returnUntil: Date, workdays: number): AppError | null {
  return now > returnUntil ? errors.invalidTransition('ticket.returnWindowPassed', { workdays }) : null;
}

/** The caller's number goes to a department that holds the order, never for a confidential one (the hotline relays). */
export function revealRefusal(t: Pick<TicketRow, 'confidential' | 'caller_phone'>): AppError | null {
  if (t.confidential) return errors.forbidden('ticket.confidentialCaller');
  return t.caller_phone ? null : errors.notFound('callerPhone');
}

/** The resident was contacted once per assignment: the first contact is the one the response rate counts. */
export function contactRefusal(contactedAt: string | null): AppError | null {
  return contactedAt ? errors.alreadyExists('ticket.contactRecorded') : null;
}

/**
 * 不合理诉求 (docs/rules/work-orders.md "Unreasonable demands"): an order is judged once; one application of the
 * holding unit's assignment waits at a time; a closed order only within its window after closing.
 */
export function unreasonableRefusal(
  t: Pick<TicketRow, 'status' | 'closed_at' | 'assignment_id'>,
  requests: Pick<RequestRow, 'kind' | 'status' | 'assignment_id'>[],
  now: Date,
  closedWindowDays: number,
): AppError | null {
  const mine = requests.filter((r) => r.kind === 'unreasonable');
  if (mine.some((r) => r.status === 'approved')) return errors.invalidTransition('unreasonable.alreadyJudged');
  if (mine.some((r) => r.status === 'pending' && r.assignment_id === t.assignment_id))
    return errors.alreadyExists('ticket.requestExists', { kind: 'unreasonable' });
  if (t.status === 'closed' && t.closed_at) {
    const until = fromDbTime(t.closed_at)!.getTime() + closedWindowDays * 86_400_000;
    if (now.getTime() > until)
      return errors.invalidTransition('unreasonable.closedWindowPassed', { days: closedWindowDays });
  }
  return null;
}

export interface ActionFacts {
  ticket: TicketRow;
  requests: Pick<RequestRow, 'kind' | 'status' | 'assignment_id'>[];
  now: Date;
  /** End of the current assignment's return window; null when no department holds the ticket. */
  returnUntil: Date | null;
  returnWithinWorkdays: number;
  /** When the current assignment recorded its contact with the resident. */
  contactedAt: string | null;
  /** The current assignment is a reopening (重办). */
  assignmentIsRedo?: boolean;
  /** 转派: the unit below still handling the order (its reply not yet approved), which holds back the reply. */
  downOpenUnit?: string | null;
  /** The current assignment's unit was designated (指定): it may not return the order. */
  assignmentDesignated?: boolean;
  /** Approved returns after which a supervisor designates the unit instead of a dispatch (config coHandling). */
  returnsBeforeDesignation?: number;
  /** Days after closing when a closed order may still be applied for as unreasonable (config unreasonable). */
  unreasonableClosedDays?: number;
  /** A rectification order is called back only for a named bad review (ratings/rectification-callback.ts). */
  callsBack?: boolean;
}

const DECISIONS: Partial<Record<Action, RequestKind>> = {
  decide_return: 'return',
  decide_extension: 'extension',
  decide_suspension: 'suspension',
};

/** The refusal the action would meet, or null when it would be let through (short of input and version checks). */
export function refusalOf(action: Action, actor: Actor, f: ActionFacts): AppError | null {
  try {
    assertAllowed(action, f.ticket, actor);
    assertTransition(action, f.ticket.status);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  // An unreasonable demand is decided whatever assignment the order is on now: it judges the one applied for.
  if (action === 'decide_unreasonable')
    return f.requests.some((r) => r.kind === 'unreasonable' && r.status === 'pending')
      ? null
      : errors.invalidTransition('ticket.nothingToDecide');
  const decided = DECISIONS[action];
  if (decided) {
    const waiting = f.requests.some(
      (r) => r.kind === decided && r.status === 'pending' && r.assignment_id === f.ticket.assignment_id,
    );
    return waiting ? null : errors.invalidTransition('ticket.nothingToDecide');
  }
  switch (action) {
    case 'return':
      return (
        designatedReturnRefusal(f.assignmentDesignated) ??
        requestRefusal('return', f.requests) ??
        (f.returnUntil ? returnWindowRefusal(f.now, f.returnUntil, f.returnWithinWorkdays) : null)
      );
    case 'extension':
      return requestRefusal('extension', f.requests);
    case 'suspend':
      return requestRefusal('suspension', f.requests);
    case 'dispatch':
      return dispatchDisputeRefusal(f.requests, f.returnsBeforeDesignation ?? 3);
    case 'designate':
      return designationRefusal(f.requests, f.returnsBeforeDesignation ?? 3);
    case 'reply':
      return f.downOpenUnit ? errors.invalidTransition('levels.downOpen', { unit: f.downOpenUnit }) : null;
    // 转派 and the steps on a level are offered by the levels themselves (level-view.ts: `pass_down` here, each
    // level's `actions` on it), where the unit acting is the level's, not the order's department.
    case 'pass_down':
    case 'level_sign':
    case 'level_reply':
    case 'level_review':
      return errors.invalidTransition('levels.offeredPerLevel');
    case 'answer':
      return f.ticket.type === 'inquiry' ? null : errors.invalidTransition('ticket.onlyInquiriesAnswered');
    case 'reveal_phone':
      return revealRefusal(f.ticket);
    case 'contact':
      return contactRefusal(f.contactedAt);
    case 'callback':
    case 'callback_failed':
      return f.callsBack === false ? errors.invalidTransition('ticket.rectificationNoCallback') : null;
    case 'unreasonable':
      return unreasonableRefusal(f.ticket, f.requests, f.now, f.unreasonableClosedDays ?? 30);
    case 'recall':
      return recallRefusal(f.ticket, Boolean(f.assignmentIsRedo));
    // Done by entering a year's holidays on the administration page, never offered on a ticket.
    case 'recompute_deadlines':
      return errors.invalidTransition('ticket.recomputeAutomatic');
    default:
      return null;
  }
}

/** Every action the actor may take on the ticket now. */
export function allowedActions(actor: Actor, f: ActionFacts): Action[] {
  return (Object.keys(RULES) as Action[]).filter((a) => refusalOf(a, actor, f) === null);
}
