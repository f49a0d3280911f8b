// Peers for the tests (docs/integration.md): one registered with a key of the test's own through the peers service,
// and a signed POST as a peer sends it.
import { randomBytes } from 'node:crypto';
import type { Services } from '../../server/services.ts';
import { signBody } from '../../server/domain/peers/peer-signing.ts';
import type { LinkagePartner, PeerKind, PeerRow } from '../../server/domain/peers/peer.types.ts';

export interface TestPeer {
  peer: PeerRow;
  keyId: string;
  secret: string;
}

let n = 0;

export async function createTestPeer(
  s: Services,
  opts: { kind: PeerKind; code?: string; name?: string; url?: string | null; partner?: LinkagePartner | null },
): Promise<TestPeer> {
  const code = opts.code ?? `${opts.kind}-${process.pid}-${++n}-${randomBytes(2).toString('hex')}`;
  const keyId = `pk_${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const peer = await s.peers.registerWithKey(
    { code, name: opts.name ?? code, kind: opts.kind, partner: opts.partner, url: opts.url },
    { keyId, secret },
  );
  return { peer, keyId, secret };
}

/** POSTs `body` (an object, serialised here, or the exact raw text) signed as the peer signs it. */
export async function signedPost(
  baseUrl: string,
  path: string,
  body: unknown,
  key: { keyId: string; secret: string },
  opts: { header?: 'upstream' | 'peer'; signature?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const prefix = opts.header === 'peer' ? 'x-peer' : 'x-upstream';
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [`${prefix}-key`]: key.keyId,
      [`${prefix}-signature`]: opts.signature ?? signBody(key.secret, raw),
      ...opts.headers,
    },
    body: raw,
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, headers: res.headers };
}
