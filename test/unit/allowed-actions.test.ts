import { expect } from 'chai';
import { allowedActions, refusalOf, type ActionFacts } from '../../server/domain/tickets/allowed-actions.ts';
import type { TicketRow } from '../../server/domain/tickets/ticket.types.ts';
import type { Actor } from '../../server/domain/users/actor.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const handler: Actor = { id: 1, role: 'handler', department_id: 7 };

function facts(rest: Partial<ActionFacts> = {}): ActionFacts {
  return {
    ticket: {
      id: 1,
      status: 'dispatched',
      department_id: 7,
      assignment_id: 3,
      confidential: false,
      caller_phone: '13812341234',
      type: 'complaint',
    } as TicketRow,
    requests: [],
    now: at('2026-11-18T12:00:00'),
    returnUntil: at('2026-11-18T23:59:59'),
    returnWithinWorkdays: 2,
    contactedAt: null,
    ...rest,
  };
}
const withTicket = (over: Partial<TicketRow>, rest: Partial<ActionFacts> = {}) => {
  const f = facts(rest);
  return { ...f, ticket: { ...f.ticket, ...over } };
};

describe('allowed actions', () => {
  it(
    'offers a handler of the holding department sign, return, ' +
      'extension, the number and the contact before signing, never a reply',
    () => {
      expect(allowedActions(handler, facts()).sort()).to.deep.equal([
        'contact',
        'extension',
        'return',
        'reveal_phone',
        'sign',
      ]);
      expect(refusalOf('reply', handler, facts())?.code).to.equal('INVALID_TRANSITION');
    },
  );

  it('closes 退单 the moment its window ends, with the refusal the action gives', () => {
    expect(allowedActions(handler, facts({ now: at('2026-11-18T23:59:59') }))).to.include('return');
    expect(refusalOf('return', handler, facts({ now: at('2026-11-19T00:00:00') }))?.code).to.equal(
      'INVALID_TRANSITION',
    );
  });

  it('allows one extension per order and one waiting request of a kind', () => {
    const approved = facts({ requests: [{ kind: 'extension', status: 'approved', assignment_id: 3 }] });
    expect(refusalOf('extension', handler, approved)?.code).to.equal('ALREADY_EXISTS');
    const rejected = facts({ requests: [{ kind: 'extension', status: 'rejected', assignment_id: 3 }] });
    expect(refusalOf('extension', handler, rejected)).to.equal(null);
    const waiting = facts({ requests: [{ kind: 'return', status: 'pending', assignment_id: 3 }] });
    expect(allowedActions(handler, waiting)).to.not.include('return');
    expect(allowedActions({ id: 2, role: 'supervisor', department_id: null }, waiting))
      .to.include('decide_return')
      .and.not.include('decide_extension');
  });

  it('never offers the number of a confidential order, nor anything to another department', () => {
    expect(refusalOf('reveal_phone', handler, withTicket({ confidential: true }))?.status).to.equal(403);
    expect(allowedActions({ ...handler, department_id: 8 }, facts())).to.deep.equal([]);
    expect(refusalOf('contact', handler, facts({ contactedAt: '2026-11-18 01:00:00.000' }))?.code).to.equal(
      'ALREADY_EXISTS',
    );
  });

  it('offers 不合理诉求 to the holding unit once signed, one waiting per assignment, none once judged', () => {
    const held = withTicket({ status: 'accepted' });
    expect(allowedActions(handler, held)).to.include('unreasonable');
    expect(allowedActions(handler, facts())).to.not.include('unreasonable');
    const pending = withTicket(
      { status: 'accepted' },
      { requests: [{ kind: 'unreasonable', status: 'pending', assignment_id: 3 }] },
    );
    expect(refusalOf('unreasonable', handler, pending)?.code).to.equal('ALREADY_EXISTS');
    expect(allowedActions({ id: 2, role: 'supervisor', department_id: null }, pending)).to.include(
      'decide_unreasonable',
    );
    const judged = withTicket(
      { status: 'replied' },
      { requests: [{ kind: 'unreasonable', status: 'approved', assignment_id: 2 }] },
    );
    expect(refusalOf('unreasonable', handler, judged)?.code).to.equal('INVALID_TRANSITION');
    const closed = (closedAt: string) =>
      withTicket({ status: 'closed', closed_at: closedAt }, { unreasonableClosedDays: 30 });
    expect(refusalOf('unreasonable', handler, closed('2026-10-20 04:00:00.000'))).to.equal(null);
    expect(refusalOf('unreasonable', handler, closed('2026-10-19 03:00:00.000'))?.code).to.equal('INVALID_TRANSITION');
  });
});
