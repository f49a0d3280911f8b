// The published red/blue board, for anyone: department heads open it from their mail, the public from the city's
// site. Only a published month is public; rate-limited per client address like every public endpoint.
import { Router } from '@koa/router';
import type { Services } from '../../services.ts';
import { monthParam } from '../../domain/figures/figures.schemas.ts';
import { FixedWindowLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { parse } from '../middleware/validate.ts';

export function publicLeaderboardRoutes(s: Services): Router {
  const r = new Router();
  const limited = rateLimit(
    new FixedWindowLimiter(() => ({
      windowSeconds: s.config.rateLimit.windowSeconds,
      perWindow: s.config.rateLimit.publicPerWindow,
    })),
  );

  r.get('/public/leaderboards/latest', limited, async (ctx) => {
    ctx.body = await s.leaderboard.latestPublished();
  });
  r.get('/public/leaderboards/:month', limited, async (ctx) => {
    ctx.body = await s.leaderboard.published(parse(monthParam, ctx.params).month);
  });
  return r;
}
