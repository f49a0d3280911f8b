// Connected systems administered (docs/api.md "Connected systems"): peers, their keys (each secret shown once, when
// issued) and the webhooks sent to them, the failing ones replayable. Administrators only.
import { Router } from '@koa/router';
import { createPeerSchema, deliveriesQuery, updatePeerSchema } from '../../domain/peers/peers.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function peersRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');

  r.get('/peers', admin, async (ctx) => {
    ctx.body = await s.peers.list();
  });
  r.post('/peers', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.peers.create(actorOf(ctx), parse(createPeerSchema, ctx.request.body));
  });
  r.get('/peers/:id', admin, async (ctx) => {
    ctx.body = await s.peers.get(idOf(ctx.params.id));
  });
  r.put('/peers/:id', admin, async (ctx) => {
    ctx.body = await s.peers.update(actorOf(ctx), idOf(ctx.params.id), parse(updatePeerSchema, ctx.request.body));
  });
  r.get('/peers/:id/keys', admin, async (ctx) => {
    ctx.body = await s.peers.keys(idOf(ctx.params.id));
  });
  // Rotation: the new key is shown once; the older ones stay accepted for PEER_KEY_GRACE_HOURS.
  r.post('/peers/:id/keys', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.peers.rotate(actorOf(ctx), idOf(ctx.params.id));
  });

  r.get('/deliveries', admin, async (ctx) => {
    ctx.body = await s.peers.deliveries(parse(deliveriesQuery, ctx.query));
  });
  r.post('/deliveries/:id/replay', admin, async (ctx) => {
    ctx.body = await s.peers.replay(actorOf(ctx), idOf(ctx.params.id));
  });
  return r;
}
