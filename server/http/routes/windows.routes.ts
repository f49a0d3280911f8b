// Service windows and their staff (administration), with their printable rating QR codes.
import { Router } from '@koa/router';
import {
  createStaffSchema,
  createWindowSchema,
  listStaffSchema,
  listWindowsSchema,
  updateStaffSchema,
  updateWindowSchema,
} from '../../domain/windows/windows.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

const QR_TYPES = { png: 'image/png', svg: 'image/svg+xml; charset=utf-8' } as const;

export function windowRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');
  const anyone = signedIn;

  r.get('/windows', anyone, async (ctx) => {
    ctx.body = await s.windows.listWindows(parse(listWindowsSchema, ctx.query));
  });
  r.get('/windows/:id', anyone, async (ctx) => {
    ctx.body = await s.windows.getWindow(idOf(ctx.params.id));
  });
  r.post('/windows', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.windows.createWindow(parse(createWindowSchema, ctx.request.body));
  });
  r.patch('/windows/:id', admin, async (ctx) => {
    ctx.body = await s.windows.updateWindow(idOf(ctx.params.id), parse(updateWindowSchema, ctx.request.body));
  });

  r.get('/staff', anyone, async (ctx) => {
    ctx.body = await s.windows.listStaff(parse(listStaffSchema, ctx.query));
  });
  r.get('/staff/:id', anyone, async (ctx) => {
    ctx.body = await s.windows.getStaff(idOf(ctx.params.id));
  });
  r.post('/staff', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.windows.createStaff(parse(createStaffSchema, ctx.request.body));
  });
  r.patch('/staff/:id', admin, async (ctx) => {
    ctx.body = await s.windows.updateStaff(idOf(ctx.params.id), parse(updateStaffSchema, ctx.request.body));
  });

  for (const [prefix, kind] of [
    ['windows', 'window'],
    ['staff', 'staff'],
  ] as const) {
    r.get(`/${prefix}/:id/qr.:format`, anyone, async (ctx) => {
      const format = ctx.params.format as keyof typeof QR_TYPES;
      if (!(format in QR_TYPES)) return; // 404
      const id = idOf(ctx.params.id);
      ctx.body = await s.windows.qr(actorOf(ctx), kind, id, format);
      ctx.type = QR_TYPES[format];
      ctx.set('Content-Disposition', `inline; filename="rating-${kind}-${id}.${format}"`);
    });
  }
  return r;
}
