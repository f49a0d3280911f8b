// Administration: departments, users, categories (the dispatch catalogue) and calendar overrides.
import { Router } from '@koa/router';
import { z } from 'zod';
import { createCategorySchema, updateCategorySchema } from '../../domain/categories/categories.schemas.ts';
import { departmentSchemas } from '../../domain/departments/departments.schemas.ts';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from '../../domain/users/users.schemas.ts';
import { yearParam, yearScheduleSchema } from '../../domain/calendar/calendar.schemas.ts';
import { ROLES } from '../../domain/users/actor.ts';
import { can } from '../../domain/access/access.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';

const dateParam = z.object({ date: z.iso.date('field.date') });
const overrideBody = z.strictObject({ workday: z.boolean(), note: z.string().trim().max(200).optional() });
const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
const userFilter = z.strictObject({
  role: z.enum(ROLES).optional(),
  department_id: z.coerce.number().int().positive().optional(),
});

export function adminRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');
  // Everyone signed in reads the reference lists the pages need (departments and categories).
  const anyone = signedIn;

  const departmentSchema = departmentSchemas(s.config.departmentGroups);
  r.get('/departments', anyone, async (ctx) => {
    ctx.body = await s.departments.list();
  });
  // The groups a department may be put in (config departmentGroups), for the page's select.
  r.get('/departments/groups', anyone, async (ctx) => {
    ctx.body = { groups: s.config.departmentGroups };
  });
  // The liaison's mobile is masked for everyone but an administrator, who edits it.
  r.get('/departments/:id', anyone, async (ctx) => {
    const mobile = can(actorOf(ctx), 'administer') ? 'full' : 'masked';
    ctx.body = await s.departments.get(idOf(ctx.params.id), mobile);
  });
  r.post('/departments', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.departments.create(parse(departmentSchema.create, ctx.request.body));
  });
  r.patch('/departments/:id', admin, async (ctx) => {
    ctx.body = await s.departments.update(idOf(ctx.params.id), parse(departmentSchema.update, ctx.request.body));
  });

  r.get('/categories', anyone, async (ctx) => {
    ctx.body = await s.categories.list();
  });
  r.get('/categories/:id', anyone, async (ctx) => {
    ctx.body = await s.categories.get(idOf(ctx.params.id));
  });
  r.post('/categories', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.categories.create(parse(createCategorySchema, ctx.request.body));
  });
  r.patch('/categories/:id', admin, async (ctx) => {
    ctx.body = await s.categories.update(idOf(ctx.params.id), parse(updateCategorySchema, ctx.request.body));
  });

  r.get('/users', allow('user.list'), async (ctx) => {
    ctx.body = await s.users.list(parse(userFilter, ctx.query));
  });
  r.get('/users/:id', admin, async (ctx) => {
    ctx.body = await s.users.get(idOf(ctx.params.id));
  });
  r.post('/users', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.users.create(parse(createUserSchema, ctx.request.body));
  });
  r.patch('/users/:id', admin, async (ctx) => {
    ctx.body = await s.users.update(idOf(ctx.params.id), parse(updateUserSchema, ctx.request.body));
  });
  // 重置密码: the person signs in with it (and ends their other sessions by changing it, POST /auth/password).
  r.post('/users/:id/password', admin, async (ctx) => {
    ctx.body = await s.users.resetPassword(idOf(ctx.params.id), parse(resetPasswordSchema, ctx.request.body).password);
  });

  // Whether a year lacks its official schedule (the current one, or from 1 October the coming one).
  r.get('/calendar/status', anyone, async (ctx) => {
    ctx.body = await s.calendar.status();
  });
  r.get('/calendar/years/:year', anyone, async (ctx) => {
    ctx.body = await s.calendar.schedule(parse(yearParam, ctx.params).year);
  });
  // A whole year at once from the State Council's notice; the deadlines computed on its unconfirmed days follow.
  r.put('/calendar/years/:year', admin, async (ctx) => {
    const { year } = parse(yearParam, ctx.params);
    ctx.body = await s.calendar.setYear(actorOf(ctx), year, parse(yearScheduleSchema, ctx.request.body));
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
