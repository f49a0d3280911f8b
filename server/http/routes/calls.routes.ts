// Call records, the keys the telephone system posts them with, the connection-rate figures and the missed-call
// callback queue (docs/api.md "Calls, callbacks, knowledge": POST /calls).
import { Router } from '@koa/router';
import {
  callbackAttemptSchema,
  callbackDoneSchema,
  createCtiKeySchema,
  currentCallSchema,
  listCallbacksSchema,
  listCallsSchema,
  periodSchema,
  recordCallSchema,
} from '../../domain/calls/calls.schemas.ts';
import type { CallSource } from '../../domain/calls/calls.service.ts';
import { requireAccess } from '../../domain/access/access.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function callRoutes(s: Services): Router {
  const r = new Router();
  const calls = allow('call.read');
  const callbacks = allow('callback.read');
  const admin = allow('administer');

  // The telephone system sends X-CTI-Key; an operator posts with their session.
  r.post('/calls', async (ctx) => {
    const key = ctx.get('x-cti-key');
    let source: CallSource;
    if (key) source = { ctiKeyId: await s.ctiKeys.authenticate(key) };
    else {
      source = { actor: actorOf(ctx) };
      requireAccess(source.actor, 'call.record');
    }
    const { call, replayed } = await s.calls.record(source, parse(recordCallSchema, ctx.request.body));
    ctx.status = replayed ? 200 : 201;
    ctx.body = call;
  });
  r.get('/calls', calls, async (ctx) => {
    // recordings_configured: whether the players of recorded calls can play (RECORDING_URL set).
    const page = await s.calls.list(actorOf(ctx), parse(listCallsSchema, ctx.query));
    ctx.body = { ...page, recordings_configured: s.recordings.configured };
  });
  // Before /calls/:id. The console links the order being typed to the call the telephone system reported.
  r.get('/calls/current', allow('call.current'), async (ctx) => {
    ctx.body = await s.calls.current(actorOf(ctx), parse(currentCallSchema, ctx.query));
  });
  r.get('/calls/:id', calls, async (ctx) => {
    ctx.body = await s.calls.get(actorOf(ctx), idOf(ctx.params.id));
  });
  // The audio from the telephone system, streamed with its type and the range asked (seeking players), each play
  // audited (docs/rules/attachments.md "Call recordings"). A recording is a resident's voice: no shared cache.
  r.get('/calls/:id/recording', allow('call.recording.play'), async (ctx) => {
    const play = await s.recordings.play(actorOf(ctx), idOf(ctx.params.id), ctx.get('range') || undefined);
    ctx.status = play.status;
    ctx.body = play.body;
    ctx.set(play.headers);
    ctx.set('Cache-Control', 'private, no-store');
  });
  r.get('/tickets/:id/calls', calls, async (ctx) => {
    ctx.body = await s.recordings.ofTicket(actorOf(ctx), idOf(ctx.params.id));
  });

  r.get('/stats/calls', calls, async (ctx) => {
    ctx.body = await s.calls.figures(parse(periodSchema, ctx.query));
  });

  r.post('/cti-keys', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.ctiKeys.issue(actorOf(ctx), parse(createCtiKeySchema, ctx.request.body).name);
  });
  r.get('/cti-keys', admin, async (ctx) => {
    ctx.body = await s.ctiKeys.list();
  });
  r.post('/cti-keys/:id/revoke', admin, async (ctx) => {
    ctx.body = await s.ctiKeys.revoke(idOf(ctx.params.id));
  });

  r.get('/callbacks', callbacks, async (ctx) => {
    ctx.body = await s.callbacks.list(actorOf(ctx), parse(listCallbacksSchema, ctx.query));
  });
  r.get('/callbacks/:id', callbacks, async (ctx) => {
    ctx.body = await s.callbacks.get(actorOf(ctx), idOf(ctx.params.id));
  });
  r.post('/callbacks/:id/attempts', allow('callback.work'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.callbacks.attempt(
      actorOf(ctx),
      idOf(ctx.params.id),
      parse(callbackAttemptSchema, ctx.request.body),
    );
  });
  r.post('/callbacks/:id/done', allow('callback.work'), async (ctx) => {
    ctx.body = await s.callbacks.done(actorOf(ctx), idOf(ctx.params.id), parse(callbackDoneSchema, ctx.request.body));
  });
  return r;
}
