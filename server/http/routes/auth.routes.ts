import type { Context } from 'koa';
import { Router } from '@koa/router';
import { changePasswordSchema, loginSchema } from '../../domain/users/users.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, SESSION_COOKIE, tokenOf } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { behindTls } from '../middleware/origin.ts';

export function authRoutes(s: Services): Router {
  const r = new Router();
  // HttpOnly (no script reads it), SameSite=Lax (another site's requests go without it; a link followed from a mail
  // still opens the page signed in) and Secure wherever the browser came over TLS. Lax is not enough against a
  // page of the same site (another port of this host): csrf.ts checks the Origin of every change.
  const cookie = (ctx: Context) => {
    const secure = behindTls(ctx.req, s.config);
    // Behind a TLS proxy not configured as trusted, Node sees plain HTTP: say the connection is what the browser used.
    if (secure) ctx.cookies.secure = true;
    return { httpOnly: true, sameSite: 'lax' as const, secure, overwrite: true };
  };
  r.post('/auth/login', async (ctx) => {
    const { username, password } = parse(loginSchema, ctx.request.body);
    const { token, user } = await s.auth.login(username, password, ctx.ip);
    ctx.cookies.set(SESSION_COOKIE, token, cookie(ctx));
    ctx.body = {
      token,
      user: {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        department_id: user.department_id,
      },
    };
  });
  r.post('/auth/logout', async (ctx) => {
    const token = tokenOf(ctx);
    if (token) await s.auth.logout(token);
    ctx.cookies.set(SESSION_COOKIE, null, cookie(ctx));
    ctx.status = 204;
  });
  // 修改密码: any signed-in user, for their own account; the session that asks stays signed in, the others end.
  r.post('/auth/password', async (ctx) => {
    const actor = actorOf(ctx);
    const body = parse(changePasswordSchema, ctx.request.body);
    await s.auth.changePassword(tokenOf(ctx)!, actor.id!, body.old_password, body.new_password, ctx.ip);
    ctx.status = 204;
  });
  r.get('/auth/me', async (ctx) => {
    actorOf(ctx);
    ctx.body = ctx.state.user;
  });
  return r;
}
