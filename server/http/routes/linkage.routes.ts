// 110/119/120/122 linkage (docs/integration.md "110/119/120/122 linkage"): operators send a ticket to a partner and
// follow the linked orders; a partner's linkage peer posts, signed, its orders and the status of ours.
import { Router } from '@koa/router';
import { AppError } from '../../lib/errors.ts';
import { authenticatePeer } from '../../domain/peers/peer-auth.ts';
import {
  inboundLinkageSchema,
  linkageStatusSchema,
  listLinkageSchema,
  sendLinkageSchema,
} from '../../domain/linkage/linkage.schemas.ts';
import type { Services } from '../../services.ts';
import type { Context } from 'koa';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

/** The linkage peer that signed the request: its key and the HMAC of the raw body (401 otherwise). */
function signedBy(s: Services, ctx: Context) {
  // The signature covers the JSON as sent: another type has no raw body to check.
  if (!ctx.is('json')) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'peers.notJson', [
      { path: '', message: `Content-Type ${ctx.get('content-type') || '(none)'} is not application/json` },
    ]);
  }
  const raw = (ctx.request as { rawBody?: string }).rawBody;
  return authenticatePeer(s.db, s.sealer, { header: (name) => ctx.get(name) || undefined, raw }, ['linkage']);
}

export function linkageRoutes(s: Services): Router {
  const r = new Router();
  r.post('/tickets/:id/linkage', allow('linkage.send'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.linkage.send(actorOf(ctx), idOf(ctx.params.id), parse(sendLinkageSchema, ctx.request.body));
  });
  r.get('/linkage/orders', allow('linkage.read'), async (ctx) => {
    ctx.body = await s.linkage.list(actorOf(ctx), parse(listLinkageSchema, ctx.query));
  });
  // The partner's signed calls: authenticated before the body is judged, so a stranger learns nothing of it.
  r.post('/linkage/orders', async (ctx) => {
    const peer = await signedBy(s, ctx);
    const { order, replayed } = await s.linkageInbound.receive(peer, parse(inboundLinkageSchema, ctx.request.body));
    ctx.status = replayed ? 200 : 201;
    ctx.body = order;
  });
  r.post('/linkage/orders/:ref/status', async (ctx) => {
    const peer = await signedBy(s, ctx);
    const input = parse(linkageStatusSchema, ctx.request.body);
    ctx.body = (await s.linkage.status(peer, String(ctx.params.ref), input)).order;
  });
  return r;
}
