// The coded dispatch catalogue (docs/rules/catalogue.md, docs/api.md "Catalogue"): versions imported from a CSV,
// their history and diff, the catalogue in force on a day, and a ticket's dispatches judged by the version of their
// time. Everyone signed in reads it (the console and the ticket page do); only an administrator imports.
import { Router } from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

const importBody = z.strictObject({
  // The file's text as read by the page (UTF-8; a BOM is taken off). 256 KB of JSON holds ~2,000 rows.
  csv: z.string().min(1).max(250_000),
  effective_from: z.iso.date('field.date').optional(),
  label: z.string().trim().min(1).max(100).optional(),
  note: z.string().trim().max(500).optional(),
});
const asOfQuery = z.strictObject({ date: z.iso.date('field.date').optional() });
const diffQuery = z.strictObject({ from: z.coerce.number().int().positive().optional() });

export function catalogueRoutes(s: Services): Router {
  const r = new Router();
  r.get('/catalogue', signedIn, async (ctx) => {
    ctx.body = await s.catalogue.asOf(parse(asOfQuery, ctx.query).date);
  });
  r.get('/catalogue/versions', signedIn, async (ctx) => {
    ctx.body = await s.catalogue.versions();
  });
  r.post('/catalogue/versions', allow('administer'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.catalogue.import(actorOf(ctx), parse(importBody, ctx.request.body));
  });
  r.get('/catalogue/versions/:id', signedIn, async (ctx) => {
    ctx.body = await s.catalogue.version(idOf(ctx.params.id));
  });
  // The version as a file the import reads back, with its item codes (事项编码).
  r.get('/catalogue/versions/:id/csv', signedIn, async (ctx) => {
    const id = idOf(ctx.params.id);
    const { text } = await s.catalogue.csv(id);
    ctx.set('Content-Disposition', `attachment; filename="catalogue-v${id}.csv"`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = text;
  });
  r.get('/catalogue/versions/:id/diff', signedIn, async (ctx) => {
    ctx.body = await s.catalogue.diff(idOf(ctx.params.id), parse(diffQuery, ctx.query).from);
  });
  r.get('/tickets/:id/catalogue-check', signedIn, async (ctx) => {
    ctx.body = await s.catalogue.dispatchCheck(actorOf(ctx), idOf(ctx.params.id));
  });
  return r;
}
