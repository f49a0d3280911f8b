// Builds a hotline with its people and walks tickets through their life over HTTP.
import { expect } from 'chai';
import type { Client } from './http.ts';
import { clock } from '../../server/lib/clock.ts';
import { makeDepartment, signedIn, signIn, ticketInput } from './factories.ts';

const PEOPLE = ['operator', 'handler', 'otherHandler', 'supervisor', 'admin'] as const;

/** A department with its handler, another department, and one person of every other role, signed in. */
export async function hotline() {
  const dept = await makeDepartment();
  const other = await makeDepartment('市直部门');
  const [operator, handler, otherHandler, supervisor, admin] = await Promise.all([
    signedIn('operator'),
    signedIn('handler', dept.id),
    signedIn('handler', other.id),
    signedIn('supervisor'),
    signedIn('admin'),
  ]);
  const users = { operator, handler, otherHandler, supervisor, admin };
  const h = {
    dept,
    other,
    users,
    operator: operator.api,
    handler: handler.api,
    otherHandler: otherHandler.api,
    supervisor: supervisor.api,
    admin: admin.api,
    /** Moves the clock and signs everyone in again: a jump of days would end their idle sessions. */
    async travel(to: string) {
      clock.set(to);
      await h.signInAgain();
    },
    /** Fresh sessions at the clock's present (after a test moved time, its sessions look idle). */
    async signInAgain() {
      for (const who of PEOPLE) h[who] = await signIn(users[who].user.username);
    },
  };
  return h;
}

export type Hotline = Awaited<ReturnType<typeof hotline>>;

export async function ok(p: Promise<{ status: number; body: any }>, status = 200) {
  const res = await p;
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res.body;
}

export async function createTicket(api: Client, over: Record<string, unknown> = {}) {
  return ok(api.post('/api/v1/tickets', ticketInput(over)), 201);
}

export async function dispatched(h: Hotline, over: Record<string, unknown> = {}) {
  const t = await createTicket(h.operator, over);
  return ok(h.operator.post(`/api/v1/tickets/${t.id}/dispatch`, { version: t.version, department_id: h.dept.id }));
}

export async function accepted(h: Hotline, over: Record<string, unknown> = {}) {
  const t = await dispatched(h, over);
  return ok(h.handler.post(`/api/v1/tickets/${t.id}/sign`, { version: t.version }));
}

export async function replied(h: Hotline, over: Record<string, unknown> = {}) {
  const t = await accepted(h, over);
  return ok(
    h.handler.post(`/api/v1/tickets/${t.id}/reply`, { version: t.version, resolution: '已协调施工单位停止夜间施工。' }),
  );
}
