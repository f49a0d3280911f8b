// The resident's rating page talks to these, without a session; rate-limited per client address.
import { Router } from '@koa/router';
import { publicRatingSchema } from '../../domain/ratings/ratings.schemas.ts';
import type { Services } from '../../services.ts';
import { FixedWindowLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { parse } from '../middleware/validate.ts';

export function publicRatingRoutes(s: Services): Router {
  const r = new Router();
  const limited = rateLimit(
    new FixedWindowLimiter(() => ({
      windowSeconds: s.config.rateLimit.windowSeconds,
      perWindow: s.config.rateLimit.publicPerWindow,
    })),
  );

  r.get('/public/rating-tokens/:token', limited, async (ctx) => {
    ctx.body = await s.publicRatings.state(ctx.params.token);
  });
  r.post('/public/ratings', limited, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.publicRatings.rate(parse(publicRatingSchema, ctx.request.body));
  });
  return r;
}
