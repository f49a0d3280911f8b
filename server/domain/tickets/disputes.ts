// Disputes about who is responsible (docs/rules/work-orders.md "Disputes and designation"): every approved return
// (退单) of an order is one, kept as the return request itself (ticket_requests, never deleted) with the unit whose
// assignment it ended. After `returnsBeforeDesignation` of them the hotline no longer dispatches the order: a
// supervisor designates its unit (指定, designation.service.ts), and that unit may not return it again.
import { AppError, errors } from '../../lib/errors.ts';
import type { RequestRow } from './ticket.types.ts';

type Req = Pick<RequestRow, 'kind' | 'status'>;

/** How many of an order's returns were approved: its disputes. */
export const approvedReturns = (requests: readonly Req[]) =>
  requests.filter((r) => r.kind === 'return' && r.status === 'approved').length;

/** Whether the order waits for a supervisor to designate its unit instead of an operator's dispatch. */
export const needsDesignation = (requests: readonly Req[], threshold: number) => approvedReturns(requests) >= threshold;

/** An operator's dispatch of a disputed order is refused: it waits for a designation. */
export function dispatchDisputeRefusal(requests: readonly Req[], threshold: number): AppError | null {
  return needsDesignation(requests, threshold)
    ? errors.invalidTransition('ticket.needsDesignation', { returns: approvedReturns(requests) })
    : null;
}

/** A designation is for a disputed order only; any other goes through the operator's dispatch. */
export function designationRefusal(requests: readonly Req[], threshold: number): AppError | null {
  return needsDesignation(requests, threshold)
    ? null
    : errors.invalidTransition('disputes.notDisputed', { returns: threshold });
}

/** The designated unit may not return the order: the dispute is settled. */
export function designatedReturnRefusal(designated: boolean | number | undefined): AppError | null {
  return designated ? errors.invalidTransition('disputes.designatedNoReturn') : null;
}
