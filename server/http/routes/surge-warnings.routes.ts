// Surge warnings (热点预警, docs/rules/hot-spots.md "Warnings' life"): the list and one warning with its orders, and
// the supervisors' three actions, each on the version the caller saw.
import { Router } from '@koa/router';
import {
  acknowledgeSchema,
  assignSchema,
  closeSchema,
  listSurgeWarningsSchema,
} from '../../domain/hotspots/surge-warnings.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function surgeWarningRoutes(s: Services): Router {
  const r = new Router();
  r.get('/hotspots/warnings', allow('surge.read'), async (ctx) => {
    ctx.body = await s.surgeWarnings.list(parse(listSurgeWarningsSchema, ctx.query));
  });
  r.get('/hotspots/warnings/:id', allow('surge.read'), async (ctx) => {
    ctx.body = await s.surgeWarnings.get(idOf(ctx.params.id));
  });
  r.post('/hotspots/warnings/:id/acknowledge', allow('surge.act'), async (ctx) => {
    const input = parse(acknowledgeSchema, ctx.request.body);
    ctx.body = await s.surgeWarnings.acknowledge(actorOf(ctx), idOf(ctx.params.id), input);
  });
  r.post('/hotspots/warnings/:id/assign', allow('surge.act'), async (ctx) => {
    const input = parse(assignSchema, ctx.request.body);
    ctx.body = await s.surgeWarnings.assign(actorOf(ctx), idOf(ctx.params.id), input);
  });
  r.post('/hotspots/warnings/:id/close', allow('surge.act'), async (ctx) => {
    const input = parse(closeSchema, ctx.request.body);
    ctx.body = await s.surgeWarnings.close(actorOf(ctx), idOf(ctx.params.id), input);
  });
  return r;
}
