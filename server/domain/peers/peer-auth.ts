// Who sent a signed request: the key named in X-Upstream-Key (the contract's header; X-Peer-Key is the same for
// linkage and other peers) must be one of an active peer of an expected kind, still accepted (a rotated key until
// its not_after), and X-Upstream-Signature / X-Peer-Signature must be the HMAC of the raw body under its secret.
// Every failure answers the same 401, so a caller learns nothing about which part was wrong.
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import type { Sealer } from '../../lib/sealing.ts';
import { verifySignature } from './peer-signing.ts';
import { peersRepository } from './peers.repository.ts';
import type { PeerKind, PeerRow } from './peer.types.ts';

export interface SignedRequest {
  /** Header values by lower-case name (ctx.get works). */
  header: (name: string) => string | undefined;
  /** The body exactly as received (ctx.request.rawBody). */
  raw: string | Buffer | undefined;
}

export async function authenticatePeer(
  db: Executor,
  sealer: Sealer,
  req: SignedRequest,
  kinds: readonly PeerKind[],
): Promise<PeerRow> {
  const keyId = req.header('x-upstream-key') || req.header('x-peer-key');
  const signature = req.header('x-upstream-signature') || req.header('x-peer-signature');
  const refused = () => errors.unauthenticated('peers.badSignature');
  if (!keyId || !signature || req.raw === undefined || keyId.length > 64) throw refused();
  const found = await peersRepository.findKey(db, keyId);
  if (!found || !found.peer.active || !kinds.includes(found.peer.kind)) throw refused();
  if (found.key.not_after !== null && found.key.not_after <= toDbTime(clock.now())) throw refused();
  const secret = sealer.unseal(found.key.secret_sealed);
  if (secret === null || !verifySignature(secret, req.raw, signature)) throw refused();
  return found.peer;
}
