// The service's own origin, which a browser's Origin (or Referer) must name before a session cookie is trusted
// for a change (csrf.ts) or for the live WebSocket (server/live/viewers.ts). Two addresses count as the service's:
// PUBLIC_URL, and the one the request was sent to (its Host; behind TRUST_PROXY the proxy's X-Forwarded-Host and
// X-Forwarded-Proto, as Koa reads them). A browser writes Host from the address it sends to and Origin from the page
// that sends, so the two agree only on a page of the service itself: a page on another port or host of the same
// site differs in one of them. Without TRUST_PROXY a client's X-Forwarded-* are ignored, as everywhere else.
import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../../../config/default.ts';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim() || undefined;

/** scheme://host[:port] of a URL, or null for anything that is not one (including the opaque origin "null"). */
export function originOf(url: string | undefined): string | null {
  if (!url || url === 'null') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** The scheme the browser used: https on a TLS socket, or as the trusted proxy says. */
export function protocolOf(req: http.IncomingMessage, trustProxy: boolean): 'http' | 'https' {
  if ((req.socket as TLSSocket).encrypted) return 'https';
  return trustProxy && first(req.headers['x-forwarded-proto'])?.toLowerCase() === 'https' ? 'https' : 'http';
}

/** The origin the request was sent to, from its Host (or the trusted proxy's X-Forwarded-Host). */
export function requestOrigin(req: http.IncomingMessage, trustProxy: boolean): string | null {
  const host = (trustProxy ? first(req.headers['x-forwarded-host']) : undefined) ?? first(req.headers.host);
  return host ? originOf(`${protocolOf(req, trustProxy)}://${host}`) : null;
}

export function ownOrigins(req: http.IncomingMessage, config: Pick<Config, 'publicUrl' | 'trustProxy'>): Set<string> {
  return new Set([originOf(config.publicUrl), requestOrigin(req, config.trustProxy)].filter((o): o is string => !!o));
}

/**
 * Whether a request was sent by one of the service's own pages. Origin decides when the browser gives one; a
 * same-origin request under Referrer-Policy no-referrer (the rating page) carries Origin "null" and no Referer, and
 * is known by Sec-Fetch-Site, which no page can write. Without any of them the request is refused: every browser
 * that holds a session sends Origin on a change.
 */
export function fromOwnPage(req: http.IncomingMessage, config: Pick<Config, 'publicUrl' | 'trustProxy'>): boolean {
  const own = ownOrigins(req, config);
  const origin = first(req.headers.origin);
  if (origin && origin !== 'null') return own.has(originOf(origin) ?? '');
  if (first(req.headers['sec-fetch-site']) === 'same-origin') return true;
  const referer = originOf(first(req.headers.referer));
  return referer !== null && own.has(referer);
}

/**
 * Whether the browser reached the service over TLS: a TLS socket, a trusted proxy's X-Forwarded-Proto, or an https
 * PUBLIC_URL when the request is addressed to its host (a TLS proxy not configured as trusted). A request sent
 * straight to the listening port by another name is plain HTTP, and a Secure cookie would be lost there.
 */
export function behindTls(req: http.IncomingMessage, config: Pick<Config, 'publicUrl' | 'trustProxy'>): boolean {
  if (protocolOf(req, config.trustProxy) === 'https') return true;
  try {
    const pub = new URL(config.publicUrl);
    return pub.protocol === 'https:' && pub.host === first(req.headers.host);
  } catch {
    return false;
  }
}
