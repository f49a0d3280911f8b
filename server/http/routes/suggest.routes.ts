// The suggested dispatch (docs/rules/intake.md "Suggested dispatch"): the category and unit the city's own past
// orders suggest for the words being typed at the console. Mounted before the ticket routes, whose /tickets/:id
// would take "suggest" for an id.
import { Router } from '@koa/router';
import { suggestQuerySchema } from '../../domain/suggest/suggest.schemas.ts';
import type { Services } from '../../services.ts';
import { allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';

export function suggestRoutes(s: Services): Router {
  const r = new Router();
  r.get('/tickets/suggest', allow('ticket.suggest'), async (ctx) => {
    ctx.body = await s.suggest.suggest(parse(suggestQuerySchema, ctx.query));
  });
  return r;
}
