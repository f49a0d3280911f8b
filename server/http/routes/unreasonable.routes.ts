import { Router } from '@koa/router';
import { z } from 'zod';
import { decisionSchema, unreasonableSchema } from '../../domain/tickets/tickets.schemas.ts';
import { month } from '../../domain/figures/figures.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

const reportQuery = z.strictObject({ month });

// 不合理诉求 (docs/rules/work-orders.md "Unreasonable demands"). Mounted before the tickets' routes: their
// `/tickets/:id/:kind/:requestId/decision` would otherwise take `unreasonable` for a kind it does not know.
export function unreasonableRoutes(s: Services): Router {
  const r = new Router();
  const apply = unreasonableSchema(s.config.unreasonable.kinds);

  r.post('/tickets/:id/unreasonable', signedIn, async (ctx) => {
    const id = idOf(ctx.params.id);
    await s.unreasonable.apply(actorOf(ctx), id, parse(apply, ctx.request.body));
    ctx.body = await s.tickets.view(id);
  });

  r.post('/tickets/:id/unreasonable/:requestId/decision', signedIn, async (ctx) => {
    const id = idOf(ctx.params.id);
    const input = parse(decisionSchema, ctx.request.body);
    await s.unreasonable.decide(actorOf(ctx), id, idOf(ctx.params.requestId), input);
    ctx.body = await s.tickets.view(id);
  });

  // The month's approved demands per unit (the month of their dispatch, as the `unreasonable` count).
  r.get('/reports/unreasonable', signedIn, async (ctx) => {
    ctx.body = await s.unreasonable.report(actorOf(ctx), parse(reportQuery, ctx.query).month);
  });
  return r;
}
