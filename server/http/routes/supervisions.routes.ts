// Supervision orders (督办): the list for supervisors and administrators, and a handler's own department's.
import { Router } from '@koa/router';
import { listSupervisionsSchema } from '../../domain/supervisions/supervisions.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';

export function supervisionRoutes(s: Services): Router {
  const r = new Router();
  r.get('/supervisions', allow('supervision.read'), async (ctx) => {
    ctx.body = await s.supervisions.list(actorOf(ctx), parse(listSupervisionsSchema, ctx.query));
  });
  return r;
}
