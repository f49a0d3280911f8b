// The knowledge base (知识库): everyone signed in reads and searches; supervisors and administrators edit, and
// handlers their own department's articles (the service decides which).
import { Router } from '@koa/router';
import {
  createArticleSchema,
  searchArticlesSchema,
  updateArticleSchema,
} from '../../domain/knowledge/knowledge.schemas.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

export function knowledgeRoutes(s: Services): Router {
  const r = new Router();
  const anyone = signedIn;
  const editors = allow('knowledge.edit');

  r.get('/knowledge', anyone, async (ctx) => {
    ctx.body = await s.knowledge.search(actorOf(ctx), parse(searchArticlesSchema, ctx.query));
  });
  r.get('/knowledge/:id', anyone, async (ctx) => {
    ctx.body = await s.knowledge.get(actorOf(ctx), idOf(ctx.params.id));
  });
  r.post('/knowledge', editors, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.knowledge.create(actorOf(ctx), parse(createArticleSchema, ctx.request.body));
  });
  r.patch('/knowledge/:id', editors, async (ctx) => {
    ctx.body = await s.knowledge.update(
      actorOf(ctx),
      idOf(ctx.params.id),
      parse(updateArticleSchema, ctx.request.body),
    );
  });
  r.delete('/knowledge/:id', editors, async (ctx) => {
    await s.knowledge.withdraw(actorOf(ctx), idOf(ctx.params.id));
    ctx.status = 204;
  });
  return r;
}
