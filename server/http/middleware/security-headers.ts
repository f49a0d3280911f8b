// The browser's own defences, on every answer (pages, assets, the API, errors): registered first, so a refusal
// carries them too. The pages are esbuild bundles and stylesheets under /assets with no inline script or style
// (a script sets styles through the CSSOM, which CSP allows), so the policy names only the service itself, plus
// data: images (each page's empty favicon) and the live WebSocket. No page may be framed: /admin inside another
// page's frame is a click away from a forged click. HSTS only where the browser reached the service over TLS.
import type { Context, Next } from 'koa';
import type { Config } from '../../../config/default.ts';
import { behindTls, ownOrigins, protocolOf } from './origin.ts';

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

/** Policies kept by the address a request was sent to; a client makes up its Host, so the map starts over when full. */
const MAX_POLICIES = 64;

export function securityHeaders(config: Pick<Config, 'publicUrl' | 'trustProxy'>) {
  // The policy depends on the request only through its scheme and host: built once for each (two URL parses and
  // the joining were a few percent of a device rating's CPU).
  const policies = new Map<string, string>();
  const policyOf = (req: Context['req']) => {
    const key = `${protocolOf(req, config.trustProxy)} ${config.trustProxy ? req.headers['x-forwarded-host'] : ''} ${
      req.headers.host
    }`;
    let p = policies.get(key);
    if (p === undefined) {
      if (policies.size >= MAX_POLICIES) policies.clear();
      policies.set(key, (p = policy(ownOrigins(req, config))));
    }
    return p;
  };
  return async (ctx: Context, next: Next) => {
    ctx.set('Content-Security-Policy', policyOf(ctx.req));
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    // Addresses hold tokens (a rating link, a display link): another site never sees them; the service's own
    // pages do, and the Origin check falls back on the Referer of a browser that sends no Origin.
    ctx.set('Referrer-Policy', 'same-origin');
    if (behindTls(ctx.req, config)) ctx.set('Strict-Transport-Security', 'max-age=31536000');
    await next();
  };
}
