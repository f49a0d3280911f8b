// Who is calling: a session token from the HttpOnly cookie or an Authorization: Bearer header.
// Every permission decision is made on the server; pages only hide what the server would refuse anyway.
import type { Context, Next } from 'koa';
import { errors } from '../../lib/errors.ts';
import type { AuthService, SessionUser } from '../../domain/auth/auth.service.ts';
import { can, type Permission } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/users/actor.ts';

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
  const user = ctx.state.user as SessionUser | undefined;
  if (!user) throw errors.unauthenticated();
  return { id: user.id, role: user.role, department_id: user.department_id, units: user.units, ip: ctx.ip };
}

/** Refuses anyone without a session (401). */
export async function signedIn(ctx: Context, next: Next) {
  actorOf(ctx);
  await next();
}

/**
 * Refuses anyone without a session (401) or whose role never has the permission (403): the route's gate, asked of
 * the access policy (domain/access/access.ts). Whether a record is in the actor's units the service asks after.
 */
export function allow(permission: Permission) {
  return async (ctx: Context, next: Next) => {
    if (!can(actorOf(ctx), permission)) throw errors.forbidden();
    await next();
  };
}
