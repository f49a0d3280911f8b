// The access policy on its own (server/domain/access/access.ts): who may read and do what, and which units a reader
// sees. The HTTP side of the same rules is the access matrix (test/integration/access-matrix.test.ts).
import { expect } from 'chai';
import {
  PERMISSIONS,
  accessError,
  can,
  reachOf,
  refusalOf,
  requireAccess,
  rolesOf,
  scopeToUnits,
  seesUnit,
  unitsOf,
} from '../../server/domain/access/access.ts';
import { RULES, type Action } from '../../server/domain/tickets/ticket-state.ts';
import { AppError } from '../../server/lib/errors.ts';
import { ROLES, SYSTEM, type Actor } from '../../server/domain/users/actor.ts';

const handler: Actor = { id: 1, role: 'handler', department_id: 7 };
const otherHandler: Actor = { id: 2, role: 'handler', department_id: 8 };
const operator: Actor = { id: 3, role: 'operator', department_id: null };
const supervisor: Actor = { id: 4, role: 'supervisor', department_id: null };
const admin: Actor = { id: 5, role: 'admin', department_id: null };
const own = { department_id: 7 };

const refused = (fn: () => void): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

// A district (7) with two streets (70, 71) and a community (700) under street 70.
const district: Actor = { id: 6, role: 'handler', department_id: 7, units: [7, 70, 71, 700] };
const street: Actor = { id: 7, role: 'handler', department_id: 70, units: [70, 700] };
const otherStreet: Actor = { id: 8, role: 'handler', department_id: 71, units: [71] };

describe('access policy', () => {
  describe('the tree of units', () => {
    it("lets a district read its streets' and communities' work, and a street never another street's", () => {
      expect(unitsOf(district)).to.deep.equal([7, 70, 71, 700]);
      for (const unit of [7, 70, 71, 700]) expect(can(district, 'ticket.read', { department_id: unit })).to.equal(true);
      expect(can(street, 'ticket.read', { department_id: 700 })).to.equal(true);
      expect(refusalOf(street, 'ticket.read', { department_id: 71 })).to.equal('unit');
      expect(refusalOf(otherStreet, 'ticket.read', { department_id: 70 })).to.equal('unit');
      expect(refusalOf(street, 'ticket.read', { department_id: 7 })).to.equal('unit');
    });

    it('lets a unit holding a live level read the order (unit_ids), and only read it', () => {
      const passedDown = { department_id: 7, unit_ids: [70] };
      expect(seesUnit(street, 7, [70])).to.equal(true);
      expect(can(street, 'ticket.read', passedDown)).to.equal(true);
      expect(refusalOf(otherStreet, 'ticket.read', passedDown)).to.equal('unit');
      expect(refusalOf(street, 'ticket.reply', passedDown)).to.equal('unit');
    });

    it("acts only on its own unit's orders: a district reads but does not sign or reply for a street", () => {
      const streetsOrder = { department_id: 70 };
      for (const action of ['sign', 'return', 'extension', 'suspend', 'reply', 'contact', 'reveal_phone'] as const) {
        expect(refusalOf(district, `ticket.${action}`, streetsOrder), action).to.equal('unit');
        expect(can(street, `ticket.${action}`, streetsOrder), action).to.equal(true);
      }
      expect(refusalOf(district, 'rating.appeal', streetsOrder)).to.equal('unit');
      expect(refusalOf(district, 'knowledge.edit', streetsOrder)).to.equal('unit');
      expect(can(district, 'rating.read', streetsOrder)).to.equal(true);
      expect(can(district, 'supervision.read', streetsOrder)).to.equal(true);
    });
  });

  describe('units', () => {
    it('lets a handler see their own department only, and a record of no unit belongs to no one', () => {
      expect(unitsOf(handler)).to.deep.equal([7]);
      expect(seesUnit(handler, 7)).to.equal(true);
      expect(seesUnit(handler, 8)).to.equal(false);
      expect(seesUnit(handler, null)).to.equal(false);
      expect(unitsOf({ department_id: null })).to.deep.equal([]);
    });
  });

  describe('reading', () => {
    it("lets the hotline read any ticket and a handler only their department's", () => {
      for (const a of [operator, supervisor, admin]) expect(can(a, 'ticket.read', own)).to.equal(true);
      expect(can(handler, 'ticket.read', own)).to.equal(true);
      expect(refusalOf(otherHandler, 'ticket.read', own)).to.equal('unit');
      expect(can(SYSTEM, 'ticket.read', own)).to.equal(false);
    });

    it("shows the caller and a rating's ticket to the hotline and the service's jobs, never to departments", () => {
      for (const p of ['ticket.caller', 'ticket.search_phone', 'rating.trace', 'rating.link'] as const) {
        expect(can(handler, p), p).to.equal(false);
        for (const a of [operator, supervisor, admin]) expect(can(a, p), `${a.role} ${p}`).to.equal(true);
      }
      expect(can(SYSTEM, 'ticket.caller')).to.equal(true);
    });

    it("narrows a handler's list to their units whatever they asked for, and leaves the hotline's as asked", () => {
      expect(scopeToUnits(handler, 'ticket.read', { department_id: 8, page: 1 })).to.deep.equal({
        department_ids: [7],
        page: 1,
      });
      expect(scopeToUnits(handler, 'rating.read', {})).to.deep.equal({ department_ids: [7] });
      expect(scopeToUnits(supervisor, 'supervision.read', { department_id: 8 })).to.deep.equal({ department_id: 8 });
      expect(scopeToUnits(operator, 'ticket.read', {})).to.deep.equal({});
      // A handler of no department finds nothing rather than everything.
      const none = scopeToUnits({ ...handler, department_id: null }, 'ticket.read', {} as { department_id?: number });
      expect(none.department_ids).to.deep.equal([-1]);
    });

    it("gives a district's reader its streets and communities, narrowed to one of them when asked", () => {
      expect(scopeToUnits(district, 'ticket.read', {})).to.deep.equal({ department_ids: [7, 70, 71, 700] });
      expect(scopeToUnits(district, 'ticket.read', { department_id: 70 })).to.deep.equal({ department_ids: [70] });
      // Another district's street is not narrowed to: the reader gets its own units.
      expect(scopeToUnits(district, 'ticket.read', { department_id: 80 })).to.deep.equal({
        department_ids: [7, 70, 71, 700],
      });
      // A grant of the own unit only (an appeal, a device's duty) lists the own department.
      expect(scopeToUnits(district, 'rating.appeal', {})).to.deep.equal({ department_ids: [7] });
    });

    it('refuses a list to a role without the permission', () => {
      const err = refused(() => scopeToUnits(operator, 'supervision.read', {}));
      expect([err.status, err.code]).to.deep.equal([403, 'FORBIDDEN']);
    });
  });

  describe('doing', () => {
    it('says whether a role may ever do it apart from whose record it is', () => {
      expect(reachOf(admin, 'device.duty')).to.equal('all');
      expect(reachOf(handler, 'device.duty')).to.equal('units');
      expect(reachOf(supervisor, 'device.duty')).to.equal('none');
      expect(can(handler, 'device.duty')).to.equal(true);
      expect(can(handler, 'device.duty', { department_id: 8 })).to.equal(false);
    });

    it("words a refusal by its reason: the role, or a record outside the actor's units", () => {
      expect(refused(() => requireAccess(operator, 'knowledge.edit', own)).key).to.equal('knowledge.editors');
      expect(refused(() => requireAccess(otherHandler, 'knowledge.edit', own)).key).to.equal(
        'knowledge.ownDepartmentOnly',
      );
      expect(() => requireAccess(handler, 'knowledge.edit', own)).to.not.throw();
      expect(() => requireAccess(supervisor, 'knowledge.edit', { department_id: null })).to.not.throw();
      expect(refused(() => requireAccess(handler, 'knowledge.edit', { department_id: null })).status).to.equal(403);
      expect(accessError(handler, 'rating.appeal', own)).to.equal(null);
      expect(accessError(supervisor, 'rating.appeal', own)?.key).to.equal('ratings.onlyRatedDepartmentAppeals');
    });

    it('keeps decisions to supervisors and administration to administrators', () => {
      for (const p of [
        'rating.appeal.decide',
        'rating.bursts.decide',
        'leaderboard.publish',
        'ticket.decide_return',
      ] as const) {
        expect(
          ROLES.filter((r) => can({ ...handler, role: r }, p)),
          p,
        ).to.deep.equal(['supervisor']);
      }
      expect(ROLES.filter((r) => can({ ...handler, role: r }, 'administer'))).to.deep.equal(['admin']);
    });

    it("lets the service's own jobs take any ticket action, and nothing else by that alone", () => {
      for (const action of Object.keys(RULES) as Action[])
        expect(can(SYSTEM, `ticket.${action}`, own), action).to.equal(true);
      expect(can(SYSTEM, 'ticket.create')).to.equal(false);
      expect(can(SYSTEM, 'administer')).to.equal(false);
    });

    it("gives the state machine's table the policy's roles", () => {
      for (const action of Object.keys(RULES) as Action[]) {
        const { roles, inUnits } = rolesOf(`ticket.${action}`);
        expect(RULES[action].roles, action).to.deep.equal(roles);
        expect(Boolean(RULES[action].ownDepartment), action).to.equal(inUnits);
      }
      expect(RULES.resume).to.include({ ownDepartment: true });
      expect([...RULES.resume.roles].sort()).to.deep.equal(['handler', 'supervisor']);
      expect(can(supervisor, 'ticket.resume', { department_id: 8 })).to.equal(true);
      expect(can(otherHandler, 'ticket.resume', own)).to.equal(false);
    });
  });

  it('grants every permission to someone, and each role a permission either anywhere or within units, not both', () => {
    for (const p of PERMISSIONS) {
      const { roles } = rolesOf(p);
      expect(roles.length + (can(SYSTEM, p) ? 1 : 0), p).to.be.above(0);
      expect(new Set(roles).size, `${p} names a role twice`).to.equal(roles.length);
    }
  });
});
