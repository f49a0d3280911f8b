// Open311 GeoReport v2 at /open311/v2 (docs/api.md "Open311 GeoReport v2"): no session, JSON only, and errors in
// GeoReport's own shape, a list of {code, description} with the HTTP status (400, 403, 404). The keys
// administrators issue for it are managed under /api/v1 like every other record (open311KeyRoutes).
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import {
  createKeySchema,
  createRequestSchema,
  listRequestsSchema,
  noQuerySchema,
} from '../../domain/open311/open311.schemas.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { bilingual } from '../../i18n/index.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { FixedWindowLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';
import { readUpload } from '../multipart.ts';

/** Every refusal as GeoReport v2 "Errors": one entry per problem, the code being the HTTP status. */
async function open311Errors(ctx: Context, next: Next) {
  try {
    await next();
  } catch (err) {
    const e = err as { status?: number; message?: string };
    if (err instanceof AppError) {
      ctx.status = err.status;
      ctx.body = err.details.length
        ? err.details.map((d) => ({ code: err.status, description: d.path ? `${d.path}: ${d.message}` : d.message }))
        : [{ code: err.status, description: err.message }];
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // The form parser's refusals: an oversized or unreadable body.
      ctx.status = e.status === 413 ? 413 : 400;
      ctx.body = [{ code: ctx.status, description: bilingual('open311.unreadableBody', { reason: e.message }) }];
    } else {
      throw err;
    }
  }
}

function spend(ctx: Context, limiter: FixedWindowLimiter, key: string) {
  const { allowed, retryAfterS } = limiter.hit(key);
  if (!allowed) {
    ctx.set('Retry-After', String(retryAfterS));
    throw errors.rateLimited();
  }
}

export function open311Routes(s: Services): Router {
  const r = new Router({ prefix: '/open311/v2' });
  const windowSeconds = () => s.config.rateLimit.windowSeconds;
  const readLimit = rateLimit(
    new FixedWindowLimiter(() => ({ windowSeconds: windowSeconds(), perWindow: s.config.rateLimit.publicPerWindow })),
  );
  // Submissions count per key (per address while the key is wrong), so one busy partner does not starve another.
  const submissions = new FixedWindowLimiter(() => ({
    windowSeconds: windowSeconds(),
    perWindow: s.config.rateLimit.open311PerWindow,
  }));
  // Parsed here rather than by the app's parser, so even an unreadable body is answered in GeoReport's shape.
  const form = bodyParser({ enableTypes: ['form'], formLimit: '64kb', encoding: 'utf-8' });

  r.use(open311Errors);

  r.get('/discovery.json', readLimit, async (ctx) => {
    parse(noQuerySchema, ctx.query);
    ctx.body = await s.open311.discovery();
  });
  r.get('/services.json', readLimit, async (ctx) => {
    parse(noQuerySchema, ctx.query);
    ctx.body = await s.open311.services();
  });
  r.get('/services/:code.json', readLimit, async (ctx) => {
    parse(noQuerySchema, ctx.query);
    ctx.body = await s.open311.definition(ctx.params.code);
  });
  r.get('/requests.json', readLimit, async (ctx) => {
    ctx.body = await s.open311.list(parse(listRequestsSchema, ctx.query));
  });
  r.get('/requests/:id.json', readLimit, async (ctx) => {
    parse(noQuerySchema, ctx.query);
    ctx.body = await s.open311.get(ctx.params.id);
  });

  // A form (GeoReport's own), or multipart with a photo in `media` kept as the order's attachment (purpose open311,
  // docs/rules/attachments.md "Open311 photos"); the request's answer names no address of it (GET requests.json is
  // public, the photo is not).
  r.post('/requests.json', form, async (ctx) => {
    const multipart = ctx.is('multipart/form-data') === 'multipart/form-data';
    if (!ctx.is('urlencoded') && !multipart) {
      throw errors.validation([], 'open311.formOnly');
    }
    const fromQuery = typeof ctx.query.api_key === 'string' && ctx.query.api_key !== '' ? ctx.query.api_key : null;
    const authenticate = async (apiKey: string | undefined) => {
      try {
        return await s.open311.keys.authenticate(apiKey);
      } catch (err) {
        spend(ctx, submissions, `ip:${ctx.ip}`);
        throw err;
      }
    };
    // A key in the address is checked before a photo's body is read; one in the body, once it is.
    let key = fromQuery ? await authenticate(fromQuery) : null;
    let body = (ctx.request.body ?? {}) as Record<string, unknown>;
    let media: { filename: string; bytes: Buffer } | null = null;
    if (multipart) {
      const upload = await readUpload(ctx, {
        fileField: 'media',
        fields: 'any',
        maxBytes: s.config.attachments.maxBytes,
        fileOptional: true,
      });
      body = upload.fields;
      if (upload.bytes.length || upload.filename) media = upload;
    }
    const apiKey = typeof body.api_key === 'string' && body.api_key !== '' ? body.api_key : undefined;
    key ??= await authenticate(apiKey);
    spend(ctx, submissions, `key:${key.id}`);
    const input = parse(createRequestSchema, body);
    const staged = media ? await s.open311.prepareMedia(media) : undefined;
    ctx.status = 201;
    ctx.body = await s.open311.create(key, input, ctx.ip, staged);
  });

  // GeoReport's XML format is not served; anything else under the prefix names no resource.
  r.all(['/', '/{*rest}'], (ctx) => {
    if (/\.xml$/i.test(ctx.path)) {
      throw new AppError(400, 'FORMAT_NOT_SUPPORTED', 'open311.jsonOnly');
    }
    throw new AppError(404, 'NOT_FOUND', 'open311.noSuchResource');
  });
  return r;
}

export function open311KeyRoutes(s: Services): Router {
  const r = new Router();
  const admin = allow('administer');
  r.post('/open311-keys', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await s.open311.keys.issue(actorOf(ctx), parse(createKeySchema, ctx.request.body).name);
  });
  r.get('/open311-keys', admin, async (ctx) => {
    ctx.body = await s.open311.keys.list();
  });
  r.post('/open311-keys/:id/revoke', admin, async (ctx) => {
    ctx.body = await s.open311.keys.revoke(idOf(ctx.params.id));
  });
  return r;
}
