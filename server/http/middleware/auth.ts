// Who is calling: a session token from the HttpOnly cookie or an Authorization: Bearer header.
// Every permission decision is made on the server; pages only hide what the server would refuse anyway.
import type { Context, Next } from 'koa';
import { errors } from '../../lib/errors.ts';
import type { AuthService } from '../../domain/auth/auth.service.ts';
import type { Actor, Role } from '../../domain/users/actor.ts';
import type { User } from '../../domain/users/users.repository.ts';

export const SESSION_COOKIE = 'hotline_session';

export function tokenOf(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  if (header.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return ctx.cookies.get(SESSION_COOKIE) ?? undefined;
}

/** Loads the user behind the token, if any, into ctx.state.user. */
export function authenticate(auth: AuthService) {
  return async (ctx: Context, next: Next) => {
    const token = tokenOf(ctx);
    if (token) {
      const user = await auth.authenticate(token);
      if (user) ctx.state.user = user;
    }
    await next();
  };
}

export function actorOf(ctx: Context): Actor {
  const user = ctx.state.user as User | undefined;
  if (!user) throw errors.unauthenticated();
  return { id: user.id, role: user.role, department_id: user.department_id, ip: ctx.ip };
}

/** Refuses anyone without a session (401) or without one of the roles (403). */
export function requireRole(...roles: Role[]) {
  return async (ctx: Context, next: Next) => {
    const actor = actorOf(ctx);
    if (roles.length && !roles.includes(actor.role as Role)) throw errors.forbidden();
    await next();
  };
}
