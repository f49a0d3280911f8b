// Files on orders (docs/api.md "Attachments"): the upload (multipart, one file in field `file`), the order's list,
// and the download of a file or its thumbnail. The service checks who may; the route reads the body only after it
// said the actor may upload to this order, and answers a file with headers that keep the browser from running it.
import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { Services } from '../../services.ts';
import { uploadFieldsSchema, type Download } from '../../domain/attachments/attachments.service.ts';
import { actorOf, signedIn } from '../middleware/auth.ts';
import { parse } from '../middleware/validate.ts';
import { readUpload } from '../multipart.ts';
import { idOf } from './params.ts';

/** Shown in the browser's own viewer; anything else is saved, never opened as a page of this service. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

/** A file name as Content-Disposition carries it: an ASCII fallback and the UTF-8 name (RFC 5987/6266). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function send(ctx: Context, file: Download): void {
  const inline = INLINE.has(file.type);
  ctx.set('Content-Type', file.type);
  ctx.set('Content-Length', String(file.size));
  ctx.set('Content-Disposition', disposition(inline ? 'inline' : 'attachment', file.name));
  ctx.set('X-Content-Type-Options', 'nosniff');
  // Opened on its own, a file is a page of no origin that may load and run nothing (a PDF keeps the viewer's own
  // sandbox: Chromium does not draw a PDF in a sandboxed document).
  ctx.set(
    'Content-Security-Policy',
    file.type === 'application/pdf'
      ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
      : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'",
  );
  ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
  ctx.set('X-Frame-Options', 'SAMEORIGIN');
  // Read under access control: kept by no shared cache, and asked again (and audited) each time it is opened.
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = file.stream;
}

export function attachmentRoutes(s: Services): Router {
  const r = new Router();
  r.use('/attachments', signedIn);

  r.post('/tickets/:id/attachments', signedIn, async (ctx) => {
    const actor = actorOf(ctx);
    const target = await s.attachments.uploadTarget(actor, idOf(ctx.params.id));
    const upload = await readUpload(ctx, {
      fileField: 'file',
      fields: ['purpose', 'rating_id'],
      maxBytes: s.config.attachments.maxBytes,
    });
    const fields = parse(uploadFieldsSchema, upload.fields);
    ctx.status = 201;
    ctx.body = await s.attachments.upload(actor, target, fields, upload);
  });

  r.get('/tickets/:id/attachments', signedIn, async (ctx) => {
    ctx.body = await s.attachments.list(actorOf(ctx), idOf(ctx.params.id));
  });

  r.get('/attachments/:id', async (ctx) => {
    send(ctx, await s.attachments.download(actorOf(ctx), idOf(ctx.params.id), 'file'));
  });

  r.get('/attachments/:id/thumbnail', async (ctx) => {
    send(ctx, await s.attachments.download(actorOf(ctx), idOf(ctx.params.id), 'thumbnail'));
  });

  return r;
}
