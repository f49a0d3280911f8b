// The daily data report (docs/integration.md "Daily data reporting"): the days reported, and a reported day made and
// sent again without duplicates at the receiver. Administrators only.
import { Router } from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';

const dayParam = z.object({ day: z.iso.date('field.date') });
const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(366).default(62) });

export function dataReportRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');
  r.get('/data-reports', admin, async (ctx) => {
    const { limit } = parse(listQuery, ctx.query);
    ctx.body = { items: await s.dataReports.list(limit) };
  });
  r.post('/data-reports/:day/rerun', admin, async (ctx) => {
    const { day } = parse(dayParam, ctx.params);
    ctx.body = await s.dataReports.rerun(day);
  });
  return r;
}
