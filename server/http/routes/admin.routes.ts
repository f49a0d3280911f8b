// Administration: departments, users, categories (the dispatch catalogue) and calendar overrides.
import { Router } from '@koa/router';
import { z } from 'zod';
import { createCategorySchema, updateCategorySchema } from '../../domain/categories/categories.schemas.ts';
import { createDepartmentSchema, updateDepartmentSchema } from '../../domain/departments/departments.schemas.ts';
import { createUserSchema, updateUserSchema } from '../../domain/users/users.schemas.ts';
import { ROLES } from '../../domain/users/actor.ts';
import type { Services } from '../../services.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

const dateParam = z.object({ date: z.iso.date('日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD') });
const overrideBody = z.strictObject({ workday: z.boolean(), note: z.string().trim().max(200).optional() });
const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
const userFilter = z.strictObject({ role: z.enum(ROLES).optional(), department_id: z.coerce.number().int().positive().optional() });

export function adminRoutes(s: Services): Router {
  const r = new Router();
  const admin = requireRole('admin');
  // Everyone signed in reads the reference lists the pages need (departments and categories).
  const anyone = requireRole();

  r.get('/departments', anyone, async (ctx) => { ctx.body = await s.departments.list(); });
  r.get('/departments/:id', anyone, async (ctx) => { ctx.body = await s.departments.get(idOf(ctx.params.id)); });
  r.post('/departments', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.departments.create(parse(createDepartmentSchema, ctx.request.body));
  });
  r.patch('/departments/:id', admin, async (ctx) => {
    ctx.body = await s.departments.update(idOf(ctx.params.id), parse(updateDepartmentSchema, ctx.request.body));
  });

  r.get('/categories', anyone, async (ctx) => { ctx.body = await s.categories.list(); });
  r.get('/categories/:id', anyone, async (ctx) => { ctx.body = await s.categories.get(idOf(ctx.params.id)); });
  r.post('/categories', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.categories.create(parse(createCategorySchema, ctx.request.body));
  });
  r.patch('/categories/:id', admin, async (ctx) => {
    ctx.body = await s.categories.update(idOf(ctx.params.id), parse(updateCategorySchema, ctx.request.body));
  });

  r.get('/users', requireRole('admin', 'supervisor'), async (ctx) => { ctx.body = await s.users.list(parse(userFilter, ctx.query)); });
  r.get('/users/:id', admin, async (ctx) => { ctx.body = await s.users.get(idOf(ctx.params.id)); });
  r.post('/users', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.users.create(parse(createUserSchema, ctx.request.body));
  });
  r.patch('/users/:id', admin, async (ctx) => {
    ctx.body = await s.users.update(idOf(ctx.params.id), parse(updateUserSchema, ctx.request.body));
  });

  r.get('/calendar', anyone, async (ctx) => {
    const { year } = parse(yearQuery, ctx.query);
    ctx.body = await s.calendar.year(year);
  });
  r.put('/calendar/:date', admin, async (ctx) => {
    const { date } = parse(dateParam, ctx.params);
    const body = parse(overrideBody, ctx.request.body);
    ctx.body = await s.calendar.setOverride(date, body.workday, body.note);
  });
  r.delete('/calendar/:date', admin, async (ctx) => {
    await s.calendar.removeOverride(parse(dateParam, ctx.params).date);
    ctx.status = 204;
  });
  return r;
}
