// Passing down (转派, docs/api.md "Passing down"): the holder passes an order to a unit below it, the level's unit
// signs and replies to its parent, the parent approves, sends back or takes back; and a unit's lists of levels.
// Each step answers the ticket as its actor sees it, like every ticket action.
import { Router } from '@koa/router';
import type { z } from 'zod';
import {
  levelApproveSchema,
  levelReasonSchema,
  levelReplySchema,
  levelsQuerySchema,
  passDownSchema,
} from '../../domain/tickets/levels.schemas.ts';
import { versionOnly } from '../../domain/tickets/tickets.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function levelRoutes(s: Services): Router {
  const r = new Router();
  r.use('/levels', signedIn);

  r.get('/levels', async (ctx) => {
    ctx.body = await s.levels.list(actorOf(ctx), parse(levelsQuerySchema, ctx.query));
  });

  r.post('/tickets/:id/pass-down', signedIn, async (ctx) => {
    const id = idOf(ctx.params.id);
    await s.levels.passDown(actorOf(ctx), id, parse(passDownSchema, ctx.request.body));
    ctx.body = await s.tickets.view(id);
  });

  const step = <T>(
    name: string,
    schema: z.ZodType<T>,
    run: (actor: ReturnType<typeof actorOf>, id: number, levelId: number, input: T) => Promise<unknown>,
  ) => {
    r.post(`/tickets/:id/levels/:levelId/${name}`, signedIn, async (ctx) => {
      const id = idOf(ctx.params.id);
      const levelId = idOf(ctx.params.levelId);
      await run(actorOf(ctx), id, levelId, parse(schema, ctx.request.body));
      ctx.body = await s.tickets.view(id);
    });
  };
  step('sign', versionOnly, (a, id, l, i) => s.levels.sign(a, id, l, i));
  step('reply', levelReplySchema, (a, id, l, i) => s.levels.reply(a, id, l, i));
  step('approve', levelApproveSchema, (a, id, l, i) => s.levels.approve(a, id, l, i));
  step('send-back', levelReasonSchema, (a, id, l, i) => s.levels.sendBack(a, id, l, i));
  step('take-back', levelReasonSchema, (a, id, l, i) => s.levels.takeBack(a, id, l, i));
  return r;
}
