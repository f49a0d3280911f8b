// The browser's own defences, on every answer (pages, assets, the API, errors): registered first, so a refusal
// carries them too. The pages are esbuild bundles and stylesheets under /assets with no inline script or style
// (a script sets styles through the CSSOM, which CSP allows), so the policy names only the service itself, plus
// data: images (each page's empty favicon) and the live WebSocket. No page may be framed: /admin inside another
// page's frame is a click away from a forged click. HSTS only where the browser reached the service over TLS.
import type { Context, Next } from 'koa';
import type { Config } from '../../../config/default.ts';
import { behindTls, ownOrigins } from './origin.ts';

/** A host as an origin may carry it; anything else (a Host header a client made up) is left out of the policy. */
const PLAIN_ORIGIN = /^https?:\/\/[a-z0-9.\-[\]:]+$/i;

function policy(origins: Set<string>): string {
  // 'self' covers ws(s) of the page's own host in CSP 3 browsers; older ones need the WebSocket origins named.
  const sockets = [...origins]
    .filter((o) => PLAIN_ORIGIN.test(o))
    .flatMap((o) => {
      const host = o.replace(/^https?:\/\//, '');
      return [`ws://${host}`, `wss://${host}`];
    });
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${[...new Set(sockets)].join(' ')}`.trim(),
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export function securityHeaders(config: Pick<Config, 'publicUrl' | 'trustProxy'>) {
  return async (ctx: Context, next: Next) => {
    ctx.set('Content-Security-Policy', policy(ownOrigins(ctx.req, config)));
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    // Addresses hold tokens (a rating link, a display link): another site never sees them; the service's own
    // pages do, and the Origin check falls back on the Referer of a browser that sends no Origin.
    ctx.set('Referrer-Policy', 'same-origin');
    if (behindTls(ctx.req, config)) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    await next();
  };
}
