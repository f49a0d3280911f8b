// Orders from an upstream platform (上级平台, docs/integration.md "Orders from an upstream"): no session, the
// upstream's key and signature over the raw body, as device and gateway routes take their keys.
import { Router } from '@koa/router';
import { AppError } from '../../lib/errors.ts';
import { upstreamOrderSchema } from '../../domain/upstream/upstream-orders.schemas.ts';
import type { Services } from '../../services.ts';
import { parse } from '../middleware/validate.ts';

export function upstreamRoutes(s: Services): Router {
  const r = new Router();
  r.post('/upstream/orders', async (ctx) => {
    // The signature covers the JSON as sent: another type is not parsed (no raw body to check), so it is named
    // for what it is rather than refused as a bad signature.
    if (!ctx.is('json')) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'peers.notJson', [
        { path: '', message: `Content-Type ${ctx.get('content-type') || '(none)'} is not application/json` },
      ]);
    }
    const peer = await s.upstreamOrders.authenticate({
      header: (name) => ctx.get(name) || undefined,
      raw: ctx.request.rawBody,
    });
    const { created, order } = await s.upstreamOrders.receive(
      peer,
      parse(upstreamOrderSchema, ctx.request.body),
      ctx.ip,
    );
    ctx.status = created ? 201 : 200;
    ctx.body = order;
  });
  return r;
}
