// Peers for the tests (docs/integration.md): one registered with a key straight through the repository and the
// service's sealer, and a signed POST as a peer sends it.
import { randomBytes } from 'node:crypto';
import type { Services } from '../../server/services.ts';
import { toDbTime } from '../../server/lib/db.ts';
import { clock } from '../../server/lib/clock.ts';
import { peersRepository } from '../../server/domain/peers/peers.repository.ts';
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
  const now = toDbTime(clock.now());
  const code = opts.code ?? `${opts.kind}-${process.pid}-${++n}-${randomBytes(2).toString('hex')}`;
  const id = await peersRepository.insert(s.db, {
    code,
    name: opts.name ?? code,
    kind: opts.kind,
    partner: opts.partner ?? null,
    url: opts.url ?? null,
    active: true,
    created_by: null,
    created_at: now,
    updated_at: now,
  });
  const keyId = `pk_${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  await peersRepository.insertKey(s.db, {
    peer_id: id,
    key_id: keyId,
    secret_sealed: s.sealer.seal(secret),
    not_after: null,
    created_by: null,
    created_at: now,
  });
  return { peer: (await peersRepository.find(s.db, id))!, keyId, secret };
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
