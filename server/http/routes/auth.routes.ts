import { Router } from '@koa/router';
import { changePasswordSchema, loginSchema } from '../../domain/users/users.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, SESSION_COOKIE, tokenOf } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';

export function authRoutes(s: Services): Router {
  const r = new Router();
  r.post('/auth/login', async (ctx) => {
    const { username, password } = parse(loginSchema, ctx.request.body);
    const { token, user } = await s.auth.login(username, password);
    ctx.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', overwrite: true });
    ctx.body = { token, user: { id: user.id, username: user.username, display_name: user.display_name, role: user.role, department_id: user.department_id } };
  });
  r.post('/auth/logout', async (ctx) => {
    const token = tokenOf(ctx);
    if (token) await s.auth.logout(token);
    ctx.cookies.set(SESSION_COOKIE, null);
    ctx.status = 204;
  });
  // 修改密码: any signed-in user, for their own account; the session that asks stays signed in, the others end.
  r.post('/auth/password', async (ctx) => {
    const actor = actorOf(ctx);
    const body = parse(changePasswordSchema, ctx.request.body);
    await s.auth.changePassword(tokenOf(ctx)!, actor.id!, body.old_password, body.new_password);
    ctx.status = 204;
  });
  r.get('/auth/me', async (ctx) => {
    actorOf(ctx);
    ctx.body = ctx.state.user;
  });
  return r;
}
