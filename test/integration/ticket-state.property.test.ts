// Property: random sequences of actions on two orders, by random people (the right role, a wrong one, another
// department's handler) with current or stale versions, over HTTP against the real service. Whatever the order:
// - an action succeeds only as the state machine allows (role, department, status, version), and leaves the order
//   in the state that action leads to, never a forbidden one (a held order without a department, ...);
// - a successful action writes exactly its event(s), a refused one writes nothing and moves nothing;
// - nothing ever answers 5xx, and every refusal has the docs/api.md error shape;
// - the figures' counters equal a recount after every sequence (services.figures.verify()).
// FC_SEED=<seed> replays a failing run (printed by fast-check with the shrunk sequence); FC_RUNS=<n> runs more.
import { expect } from 'chai';
import fc from 'fast-check';
import { testApp } from '../helpers/test-app.ts';
import { createTicket, hotline, type Hotline } from '../helpers/tickets.ts';
import { runs } from '../helpers/property.ts';
import { RULES, type Action } from '../../server/domain/tickets/ticket-state.ts';
import { STATUSES, type Status } from '../../server/domain/tickets/ticket.types.ts';

type Who = 'operator' | 'handler' | 'otherHandler' | 'supervisor' | 'admin';
const WHO: Who[] = ['operator', 'handler', 'otherHandler', 'supervisor', 'admin'];
const ROLE: Record<Who, string> = {
  operator: 'operator',
  handler: 'handler',
  otherHandler: 'handler',
  supervisor: 'supervisor',
  admin: 'admin',
};

type Act =
  | 'dispatch'
  | 'sign'
  | 'return'
  | 'extension'
  | 'suspend'
  | 'resume'
  | 'reply'
  | 'callback'
  | 'callback-failed'
  | 'answer'
  | 'merge'
  | 'recall'
  | 'supervise'
  | 'decide-return'
  | 'decide-extension'
  | 'decide-suspension';

/** Each step's state-machine action, who normally takes it, the events it writes, and where it may lead. */
const ACTS: Record<
  Act,
  { rule: Action; who: Who; events: string[]; to: (before: Status, approve: boolean) => Status[] }
> = {
  dispatch: { rule: 'dispatch', who: 'operator', events: ['dispatch'], to: () => ['dispatched'] },
  sign: { rule: 'sign', who: 'handler', events: ['sign'], to: () => ['accepted'] },
  return: { rule: 'return', who: 'handler', events: ['return_requested'], to: (s) => [s] },
  extension: { rule: 'extension', who: 'handler', events: ['extension_requested'], to: (s) => [s] },
  suspend: { rule: 'suspend', who: 'handler', events: ['suspension_requested'], to: (s) => [s] },
  resume: { rule: 'resume', who: 'handler', events: ['resume'], to: () => ['accepted'] },
  reply: { rule: 'reply', who: 'handler', events: ['reply'], to: () => ['replied'] },
  // A bad score reopens the order to the same department (重办); a good one closes it.
  callback: { rule: 'callback', who: 'operator', events: ['callback', 'reopen'], to: () => ['closed', 'dispatched'] },
  'callback-failed': {
    rule: 'callback_failed',
    who: 'operator',
    events: ['callback_failed', 'callback_unreachable'],
    to: () => ['replied', 'closed'],
  },
  answer: { rule: 'answer', who: 'operator', events: ['answer'], to: () => ['closed'] },
  merge: { rule: 'merge', who: 'operator', events: ['merge'], to: () => ['merged'] },
  recall: { rule: 'recall', who: 'operator', events: ['recall'], to: () => ['received'] },
  supervise: { rule: 'supervise', who: 'supervisor', events: ['supervise'], to: (s) => [s] },
  'decide-return': {
    rule: 'decide_return',
    who: 'supervisor',
    events: ['return_approved', 'return_rejected'],
    to: (s, a) => (a ? ['received'] : [s]),
  },
  'decide-extension': {
    rule: 'decide_extension',
    who: 'supervisor',
    events: ['extension_approved', 'extension_rejected'],
    to: (s) => [s],
  },
  'decide-suspension': {
    rule: 'decide_suspension',
    who: 'supervisor',
    events: ['suspension_approved', 'suspension_rejected'],
    to: (s, a) => (a ? ['suspended'] : [s]),
  },
};
const FORWARD: Partial<Record<Status, Act>> = {
  received: 'dispatch',
  dispatched: 'sign',
  accepted: 'reply',
  suspended: 'resume',
  replied: 'callback',
};
const KIND: Partial<Record<Act, { kind: string; path: string }>> = {
  'decide-return': { kind: 'return', path: 'returns' },
  'decide-extension': { kind: 'extension', path: 'extensions' },
  'decide-suspension': { kind: 'suspension', path: 'suspensions' },
};

interface Step {
  act: Act | 'valid';
  pick: number;
  who: Who | 'right';
  ticket: 0 | 1;
  version: 'current' | 'stale';
  approve: boolean;
  score: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  // Mostly an action the order's status allows (the pick-th of them), so sequences go deep; otherwise any action.
  act: fc.oneof(
    { weight: 3, arbitrary: fc.constant('valid' as const) },
    { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(ACTS) as Act[])) },
  ),
  pick: fc.nat(15),
  // Mostly the person whose job it is, so sequences get somewhere; otherwise anyone, including another department.
  who: fc.oneof(
    { weight: 4, arbitrary: fc.constant('right' as const) },
    { weight: 1, arbitrary: fc.constantFrom(...WHO) },
  ),
  ticket: fc.constantFrom(0 as const, 1 as const),
  version: fc.oneof(
    { weight: 5, arbitrary: fc.constant('current' as const) },
    { weight: 1, arbitrary: fc.constant('stale' as const) },
  ),
  approve: fc.boolean(),
  score: fc.integer({ min: 1, max: 5 }),
});
const scenario = fc.record({
  types: fc.tuple(fc.constantFrom('complaint', 'inquiry', 'help'), fc.constantFrom('complaint', 'inquiry', 'help')),
  steps: fc.array(step, { minLength: 6, maxLength: 12 }),
});

const SEQUENCES = 40;

describe('ticket state machine under random action sequences (fast-check, HTTP)', () => {
  let h: Hotline;
  let db: Awaited<ReturnType<typeof testApp>>['services']['db'];
  let figures: Awaited<ReturnType<typeof testApp>>['services']['figures'];
  const tally = {
    steps: 0,
    succeeded: 0,
    refused: 0,
    byStatus: new Map<number, number>(),
    done: new Map<string, number>(),
  };

  before(async () => {
    h = await hotline();
    ({ db, figures } = (await testApp()).services);
    await h.travel('2026-11-16T09:00:00+08:00'); // a Monday: every window is open
  });

  const row = (id: number) => db('tickets').where({ id }).first();
  const maxEventId = async () => Number((await db('ticket_events').max({ m: 'id' }).first())?.m ?? 0);

  /** No order is ever in a state docs/rules/work-orders.md forbids, whatever happened to it. */
  async function assertConsistent(id: number) {
    const t = await row(id);
    expect(STATUSES).to.include(t.status);
    const held = ['dispatched', 'accepted', 'suspended'].includes(t.status);
    if (held)
      expect(t.department_id !== null && t.assignment_id !== null, `held order ${id} has its department`).to.equal(
        true,
      );
    if (t.status === 'received')
      expect([t.department_id, t.assignment_id], `received order ${id} has no department`).to.deep.equal([null, null]);
    if (t.status === 'accepted' || t.status === 'suspended') expect(t.signed_at, 'signed').to.not.equal(null);
    if (t.status === 'suspended') expect(t.suspended_at, 'suspended_at').to.not.equal(null);
    if (t.status === 'replied') expect(t.replied_at, 'replied_at').to.not.equal(null);
    if (t.status === 'closed' || t.status === 'merged') expect(t.closed_at, 'closed_at').to.not.equal(null);
    if (t.status === 'merged') expect(t.merged_into_id, 'merged_into_id').to.not.equal(null);
    // A waiting request belongs to the department holding the order now, one of a kind at a time.
    const pending = await db('ticket_requests').where({ ticket_id: id, status: 'pending' });
    for (const r of pending)
      expect(held && r.assignment_id === t.assignment_id, `pending ${r.kind} of order ${id} is current`).to.equal(true);
    expect(new Set(pending.map((r: any) => r.kind)).size).to.equal(pending.length);
  }

  async function perform(step: Step, ids: [number, number]) {
    const id = ids[step.ticket];
    const before = await row(id);
    const open = (Object.keys(ACTS) as Act[]).filter((a) => RULES[ACTS[a].rule].from.includes(before.status));
    // Often the step that carries the order on its way (so sequences reach replies, callbacks and reopenings),
    // else one of the requests and decisions, else anything its status allows (merges, answers, recalls...).
    const forward = FORWARD[before.status as Status];
    const onward = open.filter((a) => !['merge', 'answer', 'supervise', 'recall'].includes(a));
    const choice = step.pick < 7 && forward ? [forward] : step.pick < 12 && onward.length ? onward : open;
    const s = { ...step, act: step.act === 'valid' ? (choice[step.pick % choice.length] ?? 'dispatch') : step.act };
    const who = s.who === 'right' ? ACTS[s.act].who : s.who;
    const other = await row(ids[1 - s.ticket]);
    const version =
      s.version === 'current' ? before.version : before.version > 1 ? before.version - 1 : before.version + 1;
    const bodies: Record<Act, Record<string, unknown>> = {
      dispatch: { version, department_id: h.dept.id },
      sign: { version },
      resume: { version },
      return: { version, reason: '不属于本部门职责' },
      extension: { version, days: 3, reason: '需协调多个部门' },
      suspend: { version, reason: '等待上级批复' },
      reply: { version, resolution: '已协调处理完毕。' },
      callback: { version, score: s.score, reason: '问题未解决' },
      'callback-failed': { version, reason: 'no_answer' },
      answer: { version, resolution: '已电话解答。' },
      merge: { version, into_ticket_id: ids[1 - s.ticket] },
      recall: { version, reason: '派错部门' },
      supervise: { version, note: '请加快办理' },
      'decide-return': { approve: s.approve },
      'decide-extension': { approve: s.approve },
      'decide-suspension': { approve: s.approve },
    };
    let path = `/api/v1/tickets/${id}/${s.act}`;
    const decision = KIND[s.act];
    if (decision) {
      // The latest request of the kind, pending or not (a decided one must be refused); none yet: one that does not
      // exist.
      const r = await db('ticket_requests').where({ ticket_id: id, kind: decision.kind }).orderBy('id', 'desc').first();
      path = `/api/v1/tickets/${id}/${decision.path}/${r?.id ?? 999_999_999}/decision`;
    }
    const lastEvent = await maxEventId();
    const res = await h[who].post(path, bodies[s.act]);
    tally.steps++;
    tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
    const context =
      `${who} ${s.act} on a ${before.status} ${before.type} (v${before.version}, sent ${s.version}): ` +
      `${res.status} ${JSON.stringify(res.body)}`;
    expect(res.status, context).to.be.below(500);
    const after = await row(id);
    const events = await db('ticket_events').where('id', '>', lastEvent).orderBy('id');

    if (res.status !== 200) {
      tally.refused++;
      expect(res.status, context).to.be.oneOf([400, 403, 404, 409]);
      expect(res.body?.error?.code, context).to.match(/^[A-Z_]+$/);
      expect(res.body.error.message, context).to.be.a('string').and.not.equal('');
      expect(events, `${context}: a refusal writes no event`).to.deep.equal([]);
      expect([after.version, after.status], `${context}: a refusal moves nothing`).to.deep.equal([
        before.version,
        before.status,
      ]);
      expect((await row(other.id)).version, context).to.equal(other.version);
      return;
    }
    tally.succeeded++;
    tally.done.set(s.act, (tally.done.get(s.act) ?? 0) + 1);
    // Allowed only as the state machine says.
    const rule = RULES[ACTS[s.act].rule];
    expect(rule.roles, context).to.include(ROLE[who]);
    expect(rule.from, context).to.include(before.status);
    if (rule.ownDepartment && ROLE[who] === 'handler')
      expect(h.users[who as 'handler'].user.department_id, context).to.equal(before.department_id);
    if (!decision) expect(version, `${context}: only the current version wins`).to.equal(before.version);
    // One step of the order, to where that action leads.
    expect(after.version, context).to.equal(before.version + 1);
    expect(ACTS[s.act].to(before.status, s.approve), context).to.include(after.status);
    // Exactly its event(s): one on the order (from its status to the new one), and a merge's note on the target.
    const own = events.filter((e: any) => e.ticket_id === id);
    expect(own.length, `${context}: events ${JSON.stringify(events.map((e: any) => e.action))}`).to.equal(1);
    expect(ACTS[s.act].events, context).to.include(own[0].action);
    expect([own[0].from_status, own[0].to_status], context).to.deep.equal([before.status, after.status]);
    const elsewhere = events.filter((e: any) => e.ticket_id !== id).map((e: any) => [e.ticket_id, e.action]);
    expect(elsewhere, context).to.deep.equal(s.act === 'merge' ? [[other.id, 'merged_in']] : []);
    if (s.act !== 'merge') expect((await row(other.id)).version, context).to.equal(other.version);
  }

  it(
    `never reaches a forbidden state, never loses an event, counters equal a recount (${SEQUENCES} sequences of ` +
      `up to 12 steps)`,
    async function () {
      this.timeout(180_000);
      await fc.assert(
        fc.asyncProperty(scenario, async ({ types, steps }) => {
          const a = await createTicket(h.operator, { type: types[0] });
          const b = await createTicket(h.operator, { type: types[1] });
          const ids: [number, number] = [a.id, b.id];
          for (const s of steps) {
            await perform(s, ids);
            await assertConsistent(ids[0]);
            await assertConsistent(ids[1]);
          }
          expect(await figures.verify(), 'figures counters against a recount').to.deep.equal([]);
        }),
        runs(SEQUENCES),
      );
      console.log(
        `      state machine: ${tally.steps} steps, ${tally.succeeded} succeeded, ${tally.refused} refused, by ` +
          `status ${JSON.stringify(Object.fromEntries(tally.byStatus))}, done ` +
          `${JSON.stringify(Object.fromEntries(tally.done))}`,
      );
      // The property says something only if sequences got somewhere and were refused too.
      expect(tally.succeeded).to.be.greaterThan(tally.steps / 10);
      expect(tally.refused).to.be.greaterThan(tally.steps / 10);
    },
  );
});
