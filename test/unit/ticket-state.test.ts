import { expect } from 'chai';
import { AppError } from '../../server/lib/errors.ts';
import { RULES, assertAllowed, assertTransition, type Action } from '../../server/domain/tickets/ticket-state.ts';
import { STATUSES, type Status } from '../../server/domain/tickets/ticket.types.ts';
import type { Actor } from '../../server/domain/users/actor.ts';

const fails = (fn: () => void): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

// The diagram of docs/rules/work-orders.md, written out independently of RULES: the only transitions that exist.
const EXPECTED: Record<Action, Status[]> = {
  dispatch: ['received'],
  answer: ['received'],
  merge: ['received', 'dispatched'],
  sign: ['dispatched'],
  return: ['dispatched', 'accepted'],
  extension: ['dispatched', 'accepted'],
  suspend: ['accepted'],
  resume: ['suspended'],
  reply: ['accepted'],
  callback: ['replied'],
  // 回访未成功: recorded on a replied order (the last allowed one closes it as 联系不上).
  callback_failed: ['replied'],
  supervise: ['received', 'dispatched', 'accepted', 'suspended', 'replied'],
  decide_return: ['dispatched', 'accepted'],
  decide_extension: ['dispatched', 'accepted', 'suspended'],
  decide_suspension: ['accepted'],
  // 撤回 (docs/rules/work-orders.md: before it is signed), then 改派 by dispatch.
  recall: ['dispatched'],
  // 显示号码 and 先联系后办理: while the department holds the order.
  reveal_phone: ['dispatched', 'accepted', 'suspended'],
  contact: ['dispatched', 'accepted', 'suspended'],
  // A year's holidays entered: the held orders' deadlines move.
  recompute_deadlines: ['dispatched', 'accepted', 'suspended'],
  // 指定: a disputed order back at the hotline.
  designate: ['received'],
  // 转派: passed down while the holder handles it; a level's steps while the order is held (its clock may stop).
  pass_down: ['accepted'],
  // 会办: a co-unit signs before the lead does and, late, replies after the lead answered over it.
  level_sign: ['dispatched', 'accepted', 'suspended', 'replied'],
  level_reply: ['dispatched', 'accepted', 'suspended', 'replied'],
  level_review: ['accepted', 'suspended'],
  // 不合理诉求: applied for while held or answered (closed: within a window); decided whatever the order became.
  unreasonable: ['accepted', 'suspended', 'replied', 'closed'],
  decide_unreasonable: ['dispatched', 'accepted', 'suspended', 'replied', 'closed'],
};

describe('ticket state machine', () => {
  describe('assertTransition', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      it(`allows ${action} exactly from ${EXPECTED[action].join(', ')}`, () => {
        for (const status of STATUSES) {
          if (EXPECTED[action].includes(status)) expect(() => assertTransition(action, status)).to.not.throw();
          else expect(fails(() => assertTransition(action, status)).code).to.equal('INVALID_TRANSITION');
        }
      });
    }

    it('lets nothing leave closed or merged', () => {
      // 不合理诉求 is applied for and decided on a closed order without changing it (it stays closed).
      const onRecord: Action[] = ['unreasonable', 'decide_unreasonable'];
      for (const action of (Object.keys(RULES) as Action[]).filter((a) => !onRecord.includes(a))) {
        expect(fails(() => assertTransition(action, 'closed')).status).to.equal(409);
      }
      for (const action of Object.keys(RULES) as Action[]) {
        for (const status of ['merged'] as const) {
          expect(fails(() => assertTransition(action, status)).status).to.equal(409);
        }
      }
    });
  });

  describe('assertAllowed', () => {
    const ticket = { department_id: 7 };
    const actor = (role: Actor['role'], department_id: number | null = null): Actor => ({ id: 1, role, department_id });

    it('lets only operators dispatch, answer, merge, call back and recall', () => {
      for (const action of ['dispatch', 'answer', 'merge', 'callback', 'recall'] as const) {
        expect(() => assertAllowed(action, ticket, actor('operator'))).to.not.throw();
        for (const role of ['handler', 'supervisor', 'admin'] as const) {
          expect(fails(() => assertAllowed(action, ticket, actor(role, 7))).code).to.equal('FORBIDDEN');
        }
      }
    });

    it("lets handlers act only on their own department's tickets", () => {
      for (const action of ['sign', 'return', 'extension', 'suspend', 'reply'] as const) {
        expect(() => assertAllowed(action, ticket, actor('handler', 7))).to.not.throw();
        expect(fails(() => assertAllowed(action, ticket, actor('handler', 8))).code).to.equal('FORBIDDEN');
        expect(fails(() => assertAllowed(action, ticket, actor('operator'))).code).to.equal('FORBIDDEN');
      }
    });

    it('keeps decisions and supervision for supervisors', () => {
      for (const action of ['supervise', 'decide_return', 'decide_extension', 'decide_suspension'] as const) {
        expect(() => assertAllowed(action, ticket, actor('supervisor'))).to.not.throw();
        expect(fails(() => assertAllowed(action, ticket, actor('handler', 7))).status).to.equal(403);
        expect(fails(() => assertAllowed(action, ticket, actor('admin'))).status).to.equal(403);
      }
    });
  });
});
