// The resident's progress look-up, without a session; rate-limited per client address like every public endpoint,
// and its wrong guesses limited per ticket number whatever the address (lookup-guesses.ts).
import { Router } from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { FixedWindowLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { parse } from '../middleware/validate.ts';

// The query code of the acceptance text, or (the API's first form, kept) the caller's phone's last four digits.
const lookupSchema = z
  .object({
    number: z.string().regex(/^\d{14}$/, 'ticket.numberFormat'),
    code: z
      .string()
      .regex(/^\d{6}$/, 'ticket.queryCode')
      .optional(),
    phone_last4: z
      .string()
      .regex(/^\d{4}$/, 'ticket.phoneLast4')
      .optional(),
  })
  .refine((q) => q.code !== undefined || q.phone_last4 !== undefined, { path: ['code'], message: 'ticket.queryCode' });

export function publicProgressRoutes(s: Services): Router {
  const r = new Router();
  const limited = rateLimit(
    new FixedWindowLimiter(() => ({
      windowSeconds: s.config.rateLimit.windowSeconds,
      perWindow: s.config.rateLimit.publicPerWindow,
    })),
  );

  r.get('/public/tickets/:number', limited, async (ctx) => {
    const q = parse(lookupSchema, { ...ctx.query, number: ctx.params.number });
    ctx.set('Cache-Control', 'no-store');
    const proof = q.code !== undefined ? { code: q.code } : { phone_last4: q.phone_last4! };
    ctx.body = await s.publicProgress.lookup(q.number, proof, (wait) => ctx.set('Retry-After', String(wait)));
  });
  return r;
}
