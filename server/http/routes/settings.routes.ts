// The settings the pages word their rules with (how many working days a return or an extension may take, who is
// ranked on the board), read from the configuration so a page never says a number the server does not apply.
// Public: the published board is read without a session; nothing here is secret.
import { Router } from '@koa/router';
import type { Services } from '../../services.ts';

export function settingsRoutes(s: Services): Router {
  const r = new Router();
  r.get('/settings/public', (ctx) => {
    const { rules, leaderboard, ratings, unreasonable } = s.config;
    ctx.body = {
      return_within_workdays: rules.returnWithinWorkdays,
      max_extension_workdays: rules.maxExtensionWorkdays,
      auto_close_days: ratings.autoCloseDays,
      // 不合理诉求: the kinds a handler may name (their words are the catalogue's, unreasonable.kind.<code>).
      unreasonable_kinds: unreasonable.kinds,
      leaderboard: {
        min_sample: leaderboard.minSample,
        list_size: leaderboard.listSize,
        min_ranked: leaderboard.minRanked,
      },
    };
  });
  return r;
}
