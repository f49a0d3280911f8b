// Review devices: administration with a session, and the devices' own API with their X-Device-Key.
import { Router } from '@koa/router';
import {
  createDeviceSchema,
  deviceOnDutySchema,
  listDevicesSchema,
  onDutySchema,
} from '../../domain/devices/devices.schemas.ts';
import { deviceRatingSchema } from '../../domain/ratings/ratings.schemas.ts';
import type { Services } from '../../services.ts';
import { scopeToUnits } from '../../domain/access/access.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function deviceRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');

  r.get('/devices', allow('device.read'), async (ctx) => {
    const actor = actorOf(ctx);
    const f = parse(listDevicesSchema, ctx.query);
    ctx.body = await s.devices.list(scopeToUnits(actor, 'device.read', f));
  });
  r.get('/devices/:id', admin, async (ctx) => {
    ctx.body = await s.devices.get(idOf(ctx.params.id));
  });
  r.post('/devices', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.devices.create(actorOf(ctx), parse(createDeviceSchema, ctx.request.body));
  });
  r.post('/devices/:id/revoke', admin, async (ctx) => {
    ctx.body = await s.devices.revoke(actorOf(ctx), idOf(ctx.params.id));
  });
  r.put('/devices/:id/on-duty', allow('device.duty'), async (ctx) => {
    const { staff_id } = parse(onDutySchema, ctx.request.body);
    ctx.body = await s.devices.setOnDuty(actorOf(ctx), idOf(ctx.params.id), staff_id);
  });

  // The devices' side. The key is checked before the body, so a forged key learns nothing from validation.
  r.post('/device/ratings', async (ctx) => {
    const device = await s.devices.authenticate(ctx.get('x-device-key') || undefined);
    const { rating, created } = await s.ratings.deviceRating(device, parse(deviceRatingSchema, ctx.request.body));
    ctx.status = created ? 201 : 200;
    ctx.body = rating;
  });
  r.put('/device/on-duty', async (ctx) => {
    const key = ctx.get('x-device-key') || undefined;
    await s.devices.authenticate(key);
    ctx.body = await s.devices.deviceOnDuty(key, parse(deviceOnDutySchema, ctx.request.body).staff_no);
  });
  return r;
}
