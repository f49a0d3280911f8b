// Cross-site request forgery: a page of another site, or of another port of this host (same-site, so SameSite
// cookies do not help), must not make a signed-in browser change anything. Two locks, on every change (POST, PUT,
// PATCH, DELETE) under /api/v1:
// - jsonOnly: the body is JSON. A form or text/plain body is what any page can post without the browser asking the
//   service first (a JSON one needs a CORS preflight this service never grants): 415, before it is even parsed.
//   The exceptions are the uploads of a file (multipart: POST /api/v1/tickets/:id/attachments, PUT
//   /api/v1/hotspots/map), which a browser cannot send as JSON: ownPagesOnly still holds them to the service's pages.
// - ownPagesOnly: a change carried by the session cookie comes from one of the service's own pages (origin.ts):
//   403 otherwise, audited like any refusal of a signed-in user.
// Callers with a key (X-Device-Key, X-CTI-Key, X-Upstream-Key) or a Bearer token are not driven by a browser's
// cookie (no page of another site can add those headers) and keep their formats; Open311 lives outside /api/v1.
import type { Context, Next } from 'koa';
import type { Config } from '../../../config/default.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { SESSION_COOKIE } from './auth.ts';
import { fromOwnPage } from './origin.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_HEADERS = ['x-device-key', 'x-cti-key', 'x-upstream-key', 'x-peer-key'];

function cookieDriven(ctx: Context): boolean {
  if (!CHANGES.has(ctx.method)) return false;
  if (ctx.get('authorization').toLowerCase().startsWith('bearer ')) return false;
  return !KEY_HEADERS.some((h) => ctx.get(h));
}

const underApi = (path: string) => path === '/api/v1' || path.startsWith('/api/v1/');
/** The uploads of files (attachments.routes.ts, the city's map in area-map.routes.ts): multipart, still held to the
 *  service's own pages (ownPagesOnly). */
const UPLOAD = /^\/api\/v1\/tickets\/\d+\/attachments$/;
const MAP_UPLOAD = '/api/v1/hotspots/map';
const isUpload = (ctx: Context) =>
  ((ctx.method === 'POST' && UPLOAD.test(ctx.path)) || (ctx.method === 'PUT' && ctx.path === MAP_UPLOAD)) &&
  Boolean(ctx.is('multipart/form-data'));

/** Registered before the body parser: a change under /api/v1 that is not a key's or a token's sends JSON or nothing. */
export function jsonOnly() {
  return async (ctx: Context, next: Next) => {
    // An empty body (a page's sign-out sends none, with Content-Length: 0) has nothing to parse; is() answers null
    // without a body and false for a body of another type.
    const empty = ctx.request.length === 0;
    if (underApi(ctx.path) && cookieDriven(ctx) && !empty && ctx.is('json') === false && !isUpload(ctx)) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'error.jsonOnly', [
        { path: '', message: `Content-Type ${ctx.get('content-type') || '(none)'} is not application/json` },
      ]);
    }
    await next();
  };
}

/** Registered in the /api/v1 router after authenticate, so a refusal of a signed-in user is audited with its actor. */
export function ownPagesOnly(config: Pick<Config, 'publicUrl' | 'trustProxy'>) {
  return async (ctx: Context, next: Next) => {
    // Whether or not its session is still valid: the check must not tell another site which sessions live.
    if (cookieDriven(ctx) && ctx.cookies.get(SESSION_COOKIE) && !fromOwnPage(ctx.req, config)) {
      throw errors.forbidden('error.notOwnPages');
    }
    await next();
  };
}
