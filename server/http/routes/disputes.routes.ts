// Disputed returns and designation (指定, docs/rules/work-orders.md "Disputes and designation"): the supervisors'
// queue of orders awaiting a designation with their return history, and the designation itself.
import { Router } from '@koa/router';
import { designateSchema } from '../../domain/tickets/tickets.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function disputeRoutes(s: Services): Router {
  const r = new Router();
  r.get('/disputes', signedIn, allow('dispute.read'), async (ctx) => {
    ctx.body = await s.designations.list(actorOf(ctx));
  });

  // Answers the ticket as its actor sees it, like every action on an order (tickets.routes.ts).
  r.post('/tickets/:id/designate', signedIn, async (ctx) => {
    const id = idOf(ctx.params.id);
    const input = parse(designateSchema, ctx.request.body);
    await s.designations.designate(actorOf(ctx), id, input);
    ctx.body = await s.tickets.view(id);
  });
  return r;
}
