// Reading ratings, appeals (申诉) and their decisions, and a ticket's rating link for the hotline.
import { Router } from '@koa/router';
import {
  appealDecisionSchema,
  appealSchema,
  burstDecisionSchema,
  listRatingsSchema,
} from '../../domain/ratings/ratings.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function ratingRoutes(s: Services): Router {
  const r = new Router();
  const anyone = signedIn;

  r.get('/ratings', anyone, async (ctx) => {
    ctx.body = await s.ratings.list(actorOf(ctx), parse(listRatingsSchema, ctx.query));
  });
  // Held bursts (before /ratings/:id, which would read "bursts" as an id).
  r.get('/ratings/bursts', anyone, async (ctx) => {
    ctx.body = await s.ratingFlags.bursts(actorOf(ctx));
  });
  r.post('/ratings/bursts/decision', anyone, async (ctx) => {
    ctx.body = await s.ratingFlags.decide(actorOf(ctx), parse(burstDecisionSchema, ctx.request.body));
  });
  r.get('/ratings/:id', anyone, async (ctx) => {
    ctx.body = await s.ratings.get(actorOf(ctx), idOf(ctx.params.id));
  });
  r.post('/ratings/:id/appeal', anyone, async (ctx) => {
    const input = parse(appealSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await s.appeals.appeal(actorOf(ctx), idOf(ctx.params.id), input);
  });
  r.post('/ratings/:id/appeal/decision', anyone, async (ctx) => {
    ctx.body = await s.appeals.decide(actorOf(ctx), idOf(ctx.params.id), parse(appealDecisionSchema, ctx.request.body));
  });
  r.get('/tickets/:id/rating-link', anyone, async (ctx) => {
    ctx.body = await s.ratings.ticketLink(actorOf(ctx), idOf(ctx.params.id));
  });
  return r;
}
