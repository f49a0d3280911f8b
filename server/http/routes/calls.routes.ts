// Call records, the keys the telephone system posts them with, the connection-rate figures and the missed-call
// callback queue (docs/api.md "Calls, callbacks, knowledge": POST /calls).
import { Router } from '@koa/router';
import {
  callbackAttemptSchema, callbackDoneSchema, createCtiKeySchema, currentCallSchema, listCallbacksSchema, listCallsSchema, periodSchema, recordCallSchema,
} from '../../domain/calls/calls.schemas.ts';
import type { CallSource } from '../../domain/calls/calls.service.ts';
import { errors } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { actorOf, requireRole } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function callRoutes(s: Services): Router {
  const r = new Router();
  const staff = requireRole('operator', 'supervisor', 'admin');
  const admin = requireRole('admin');

  // The telephone system sends X-CTI-Key; an operator posts with their session.
  r.post('/calls', async (ctx) => {
    const key = ctx.get('x-cti-key');
    let source: CallSource;
    if (key) source = { ctiKeyId: await s.ctiKeys.authenticate(key) };
    else {
      source = { actor: actorOf(ctx) };
      if (source.actor.role !== 'operator') throw errors.forbidden('calls.onlyOperatorsRecord');
    }
    const { call, replayed } = await s.calls.record(source, parse(recordCallSchema, ctx.request.body));
    ctx.status = replayed ? 200 : 201;
    ctx.body = call;
  });
  r.get('/calls', staff, async (ctx) => { ctx.body = await s.calls.list(actorOf(ctx), parse(listCallsSchema, ctx.query)); });
  // Before /calls/:id. The console links the order being typed to the call the telephone system reported.
  r.get('/calls/current', requireRole('operator'), async (ctx) => {
    ctx.body = await s.calls.current(actorOf(ctx), parse(currentCallSchema, ctx.query));
  });
  r.get('/calls/:id', staff, async (ctx) => { ctx.body = await s.calls.get(actorOf(ctx), idOf(ctx.params.id)); });

  r.get('/stats/calls', staff, async (ctx) => { ctx.body = await s.calls.figures(parse(periodSchema, ctx.query)); });

  r.post('/cti-keys', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.ctiKeys.issue(actorOf(ctx), parse(createCtiKeySchema, ctx.request.body).name);
  });
  r.get('/cti-keys', admin, async (ctx) => { ctx.body = await s.ctiKeys.list(); });
  r.post('/cti-keys/:id/revoke', admin, async (ctx) => { ctx.body = await s.ctiKeys.revoke(idOf(ctx.params.id)); });

  r.get('/callbacks', staff, async (ctx) => { ctx.body = await s.callbacks.list(actorOf(ctx), parse(listCallbacksSchema, ctx.query)); });
  r.get('/callbacks/:id', staff, async (ctx) => { ctx.body = await s.callbacks.get(actorOf(ctx), idOf(ctx.params.id)); });
  r.post('/callbacks/:id/attempts', requireRole('operator'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.callbacks.attempt(actorOf(ctx), idOf(ctx.params.id), parse(callbackAttemptSchema, ctx.request.body));
  });
  r.post('/callbacks/:id/done', requireRole('operator'), async (ctx) => {
    ctx.body = await s.callbacks.done(actorOf(ctx), idOf(ctx.params.id), parse(callbackDoneSchema, ctx.request.body));
  });
  return r;
}
