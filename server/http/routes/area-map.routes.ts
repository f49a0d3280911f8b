// The map of hot spots (docs/api.md "Hot spots", docs/rules/hot-spots.md "The map"): the city's map uploaded by an
// administrator and read by supervisors, administrators and wall screens; each area's shading; an area's orders.
//
// A city's map is bigger than the 256 kB limit of JSON bodies, so it is uploaded as a file (multipart, field
// `file`) read apart from the JSON parser up to HOTSPOT_MAP_MAX_BYTES, as attachments are. The map is answered
// with an ETag (its id: a map is never changed, only superseded), so a wall screen asks again for 304 only.
import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { AppError, detail } from '../../lib/errors.ts';
import { periodOf } from '../../domain/hotspots/area-map.service.ts';
import { actorOf, allow } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { readUpload } from '../multipart.ts';
import { idOf } from './params.ts';

const day = z.iso.date('field.date');
const periodQuery = z
  .strictObject({
    days: z.coerce.number().int().min(1).max(366).optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((p) => (p.from === undefined) === (p.to === undefined), { path: ['to'], message: 'field.required' })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { path: ['to'], message: 'field.toBeforeFrom' })
  .refine((p) => !p.from || !p.to || Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'field.atMostAYear',
  });

/** A wall screen's display link (?display=, as the dashboard opens with) reads the map; otherwise the oversight. */
function mapReaders(s: Services) {
  const signedInReaders = allow('hotspot.map');
  return async (ctx: Context, next: Next) => {
    const display = typeof ctx.query.display === 'string' ? ctx.query.display : '';
    if (display && (await s.displayLinks.valid(display))) return next();
    return signedInReaders(ctx, next);
  };
}

export function areaMapRoutes(s: Services): Router {
  const r = new Router();

  r.put('/hotspots/map', allow('hotspot.map.upload'), async (ctx) => {
    const actor = actorOf(ctx);
    if (!ctx.is('multipart/form-data')) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'areaMap.multipartOnly');
    }
    const maxBytes = s.areaMaps.maxUploadBytes;
    const upload = await readUpload(ctx, { fileField: 'file', fields: ['name'], maxBytes }).catch((err) => {
      // The attachments' words name a file on an order: the map's own say which limit it is.
      if (err instanceof AppError && err.status === 413) {
        throw new AppError(
          413,
          'PAYLOAD_TOO_LARGE',
          'areaMap.tooLarge',
          [detail('file', 'areaMap.tooLarge', { max: maxBytes })],
          {
            max: maxBytes,
          },
        );
      }
      throw err;
    });
    const fields = parse(z.strictObject({ name: z.string().trim().max(100).optional() }), upload.fields);
    ctx.status = 201;
    ctx.body = await s.areaMaps.upload(actor, { filename: upload.filename, bytes: upload.bytes, name: fields.name });
  });

  r.get('/hotspots/map', mapReaders(s), async (ctx) => {
    const id = await s.areaMaps.currentId();
    const etag = `"area-map-${id ?? 0}"`;
    // Revalidated on every read (a new upload shows at once), answered 304 without the map while it is the same.
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Cookie, Authorization');
    if (id !== null && ctx.get('if-none-match') === etag) {
      ctx.set('ETag', etag);
      ctx.status = 304;
      return;
    }
    const map = await s.areaMaps.current();
    ctx.set('ETag', `"area-map-${map.id}"`);
    ctx.type = 'application/json';
    // The GeoJSON is sent as stored, never parsed and written again.
    const { geojson, ...about } = map;
    ctx.body = `${JSON.stringify(about).slice(0, -1)},"geojson":${geojson}}`;
  });

  r.get('/hotspots/areas', allow('hotspot.map'), async (ctx) => {
    ctx.body = await s.areaMaps.areas(periodOf(parse(periodQuery, ctx.query)));
  });

  r.get('/hotspots/areas/:id/tickets', allow('hotspot.map'), async (ctx) => {
    const id = idOf(ctx.params.id);
    ctx.body = await s.areaMaps.areaTickets(id, periodOf(parse(periodQuery, ctx.query)));
  });

  return r;
}
