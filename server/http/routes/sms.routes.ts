// Texts (docs/api.md "Texts (SMS)"): the gateway's delivery receipts and opt-outs (its bearer token, no session),
// and the administrators' templates, opt-outs and list of texts.
import { Router } from '@koa/router';
import {
  messagesQuery,
  optOutSchema,
  phoneParam,
  receiptSchema,
  templateParam,
  templateSchema,
} from '../../domain/sms/sms.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';

export function smsRoutes(s: Services): Router {
  const r = new Router({ prefix: '/sms' });
  const admin = allow('administer');

  r.post('/receipts', async (ctx) => {
    s.sms.checkGateway(ctx.get('authorization'));
    ctx.body = await s.sms.receipt(parse(receiptSchema, ctx.request.body));
  });
  // The gateway passes on a resident's 退订 reply.
  r.post('/opt-outs', async (ctx) => {
    s.sms.checkGateway(ctx.get('authorization'));
    ctx.body = await s.sms.optOut(parse(optOutSchema, ctx.request.body).phone, 'gateway');
  });
  r.get('/opt-outs', admin, async (ctx) => {
    ctx.body = await s.sms.optOuts();
  });
  r.delete('/opt-outs/:phone', admin, async (ctx) => {
    await s.sms.removeOptOut(parse(phoneParam, ctx.params).phone);
    ctx.status = 204;
  });

  r.get('/templates', admin, async (ctx) => {
    ctx.body = await s.sms.templates();
  });
  r.put('/templates/:key', admin, async (ctx) => {
    const { key } = parse(templateParam, ctx.params);
    ctx.body = await s.sms.saveTemplate(actorOf(ctx), key, parse(templateSchema, ctx.request.body).text);
  });

  r.get('/messages', allow('sms.read'), async (ctx) => {
    ctx.body = await s.sms.messages(parse(messagesQuery, ctx.query));
  });
  return r;
}
