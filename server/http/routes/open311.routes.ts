// Open311 GeoReport v2 at /open311/v2 (docs/api.md "Open311 GeoReport v2"): no session; every resource in JSON and
// in XML, chosen by the path's .json or .xml; errors in GeoReport's own shape, a list of {code, description} with
// the HTTP status (400, 403, 404) (<errors><error>… in XML). The keys administrators issue for it are managed under
// /api/v1 like every other record (open311KeyRoutes).
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { createKeySchema, createRequestSchema, listRequestsSchema } from '../../domain/open311/open311.schemas.ts';
import { toXml, XML_TYPE, type XmlRoot } from '../../domain/open311/open311-xml.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { bilingual } from '../../i18n/index.ts';
import type { Services } from '../../services.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { FixedWindowLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { parse } from '../middleware/validate.ts';
import { idOf } from './params.ts';
import { readUpload } from '../multipart.ts';

/** What an answer is, for its XML root element; set by each route through `answer`. */
function answer(ctx: Context, kind: XmlRoot, body: unknown) {
  ctx.state.open311 = kind;
  ctx.body = body;
}

/**
 * Every refusal as GeoReport v2 "Errors": one entry per problem, the code being the HTTP status. Then the answer in
 * the format the path asks for: XML for .xml (the error too), JSON otherwise.
 */
async function open311Format(ctx: Context, next: Next) {
  try {
    await next();
  } catch (err) {
    ctx.state.open311 = 'errors';
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
  if (/\.xml$/i.test(ctx.path) && ctx.state.open311) {
    ctx.body = toXml(ctx.state.open311 as XmlRoot, ctx.body);
    ctx.type = XML_TYPE;
  }
}

/** The two formats of a resource: `${path}.json` and `${path}.xml`. */
const formats = (path: string) => [`${path}.json`, `${path}.xml`];

/**
 * attribute[code] fields gathered under `attribute`: the form parser already nests them (attribute: {code: v}),
 * multipart fields arrive by their full name. A repeated field (multivaluelist) is a list.
 */
function withAttributes(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let attribute: Record<string, unknown> | undefined;
  const nested = body.attribute;
  if (nested && typeof nested === 'object') {
    attribute = Array.isArray(nested) ? Object.fromEntries(nested.map((v, i) => [String(i), v])) : { ...nested };
  } else if (nested !== undefined) {
    attribute = nested as Record<string, unknown>; // a bare "attribute" field: the schema names the problem
  }
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(k);
    if (m) (attribute = typeof attribute === 'object' ? attribute : {})[m[1]!] = v;
    else if (k !== 'attribute') out[k] = v;
  }
  return attribute === undefined ? out : { ...out, attribute };
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

  r.use(open311Format);

  // Query parameters these do not use (jurisdiction_id, lang, extensions, a client's own) are ignored.
  r.get(formats('/discovery'), readLimit, async (ctx) => {
    answer(ctx, 'discovery', await s.open311.discovery());
  });
  r.get(formats('/services'), readLimit, async (ctx) => {
    answer(ctx, 'services', await s.open311.services());
  });
  r.get(formats('/services/:code'), readLimit, async (ctx) => {
    answer(ctx, 'definition', await s.open311.definition(ctx.params.code));
  });
  r.get(formats('/requests'), readLimit, async (ctx) => {
    answer(ctx, 'requests', await s.open311.list(parse(listRequestsSchema, ctx.query)));
  });
  r.get(formats('/requests/:id'), readLimit, async (ctx) => {
    answer(ctx, 'requests', await s.open311.get(ctx.params.id));
  });
  r.get(formats('/tokens/:token'), readLimit, async (ctx) => {
    answer(ctx, 'requests', await s.open311.token(ctx.params.token));
  });

  // A form (GeoReport's own), or multipart with a photo in `media` kept as the order's attachment (purpose open311,
  // docs/rules/attachments.md "Open311 photos"); the request's answer names no address of it (GET requests.json is
  // public, the photo is not).
  r.post(formats('/requests'), form, async (ctx) => {
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
    const input = parse(createRequestSchema, withAttributes(body));
    const staged = media ? await s.open311.prepareMedia(media) : undefined;
    ctx.status = 201;
    answer(ctx, 'requests', await s.open311.create(key, input, ctx.ip, staged));
  });

  // Anything else under the prefix names no resource (answered in XML when the path ends in .xml).
  r.all(['/', '/{*rest}'], () => {
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
