import { Router } from '@koa/router';
import { z } from 'zod';
import {
  answerSchema,
  callbackFailedSchema,
  callbackSchema,
  createTicketSchema,
  decisionSchema,
  dispatchSchema,
  duplicatesSchema,
  extensionSchema,
  listTicketsSchema,
  mergeSchema,
  replySchema,
  returnSchema,
  superviseSchema,
  suspendSchema,
  versionOnly,
  contactSchema,
} from '../../domain/tickets/tickets.schemas.ts';
import { listRequestsSchema, queueSchema, recallSchema } from '../../domain/tickets/tickets.schemas.ts';
import type { RequestKind } from '../../domain/tickets/ticket.types.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

// Schemas are built once: zod compiles each on its first parse, which would be every request if built inline.
const idempotencyHeader = z.object({ key: z.string().min(1).max(191).optional() });
const emptyBody = z.object({}).strict();

export function ticketRoutes(s: Services): Router {
  const r = new Router();
  r.use('/tickets', signedIn);

  r.post('/tickets', async (ctx) => {
    const key = parse(idempotencyHeader, { key: ctx.get('idempotency-key') || undefined }).key;
    const input = parse(createTicketSchema, ctx.request.body);
    const { ticket, replayed } = await s.tickets.create(actorOf(ctx), input, key);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = 201;
    ctx.body = ticket;
  });

  r.get('/tickets', async (ctx) => {
    ctx.body = await s.tickets.list(actorOf(ctx), parse(listTicketsSchema, ctx.query));
  });

  // Before /tickets/:id, which would take "duplicates" for an id.
  r.get('/tickets/duplicates', async (ctx) => {
    ctx.body = await s.tickets.duplicates(actorOf(ctx), parse(duplicatesSchema, ctx.query));
  });

  // The dispatch queue (待派单), oldest wait first, with the configured time after which a wait is overdue.
  r.get('/tickets/queue', allow('ticket.queue'), async (ctx) => {
    ctx.body = await s.dispatchQueue.list(parse(queueSchema, ctx.query));
  });

  r.get('/tickets/:id', async (ctx) => {
    ctx.body = await s.tickets.detail(actorOf(ctx), idOf(ctx.params.id));
  });

  // Each action answers the updated ticket as the actor sees it.
  const action = <T>(
    name: string,
    schema: z.ZodType<T>,
    run: (actor: ReturnType<typeof actorOf>, id: number, input: T) => Promise<unknown>,
  ) => {
    r.post(`/tickets/:id/${name}`, async (ctx) => {
      const id = idOf(ctx.params.id);
      const input = parse(schema, ctx.request.body);
      await run(actorOf(ctx), id, input);
      ctx.body = await s.tickets.view(id);
    });
  };
  action('dispatch', dispatchSchema, (a, id, i) => s.actions.dispatch(a, id, i));
  action('sign', versionOnly, (a, id, i) => s.actions.sign(a, id, i));
  action('reply', replySchema, (a, id, i) => s.actions.reply(a, id, i));
  action('callback', callbackSchema, (a, id, i) => s.actions.callback(a, id, i));
  action('callback-failed', callbackFailedSchema, (a, id, i) => s.actions.callbackFailed(a, id, i));
  // Before calling back: whether the resident already rated (then no score is asked) and the failed attempts so far.
  r.get('/tickets/:id/callback', allow('ticket.callback.read'), async (ctx) => {
    ctx.body = await s.actions.callbackStatus(idOf(ctx.params.id));
  });
  action('answer', answerSchema, (a, id, i) => s.actions.answer(a, id, i));
  action('merge', mergeSchema, (a, id, i) => s.actions.merge(a, id, i));
  action('recall', recallSchema, (a, id, i) => s.actions.recall(a, id, i));
  action('supervise', superviseSchema, (a, id, i) => s.actions.supervise(a, id, i));
  action('resume', versionOnly, (a, id, i) => s.actions.resume(a, id, i));
  action('return', returnSchema, (a, id, i) => s.requests.requestReturn(a, id, i));
  action('extension', extensionSchema(s.config.rules.maxExtensionWorkdays), (a, id, i) =>
    s.requests.requestExtension(a, id, i),
  );
  action('suspend', suspendSchema, (a, id, i) => s.requests.requestSuspension(a, id, i));
  action('contact', contactSchema, (a, id, i) => s.contact.contact(a, id, i));

  // 显示号码: the caller's full number for a handler of the holding department (audited; never a confidential order).
  r.post('/tickets/:id/reveal-phone', async (ctx) => {
    const id = idOf(ctx.params.id);
    parse(emptyBody, ctx.request.body ?? {});
    ctx.body = await s.contact.revealPhone(actorOf(ctx), id);
  });

  // The supervisor's queue of returns, extensions and suspensions to decide.
  r.get('/requests', allow('ticket.requests'), async (ctx) => {
    ctx.body = await s.requests.list(actorOf(ctx), parse(listRequestsSchema, ctx.query));
  });

  const decisions: Record<string, RequestKind> = {
    returns: 'return',
    extensions: 'extension',
    suspensions: 'suspension',
  };
  r.post('/tickets/:id/:kind/:requestId/decision', async (ctx) => {
    const kind = decisions[ctx.params.kind];
    if (!kind) return; // falls through to 404
    const id = idOf(ctx.params.id);
    await s.requests.decide(
      actorOf(ctx),
      id,
      kind,
      idOf(ctx.params.requestId),
      parse(decisionSchema, ctx.request.body),
    );
    ctx.body = await s.tickets.view(id);
  });
  return r;
}
