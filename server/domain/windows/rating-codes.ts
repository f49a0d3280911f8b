// The static codes printed as QR codes for a window (`w.<id>.<sig>`) or a staff member (`s.<id>.<sig>`), through
// which residents rate them again and again (docs/rules/reviews.md): signed with the SECRET, so nothing is stored
// and printed codes stay valid. The ratings area reads them back (ratings/rating-links.ts), next to its own
// single-use ticket links, which share the /rate/<token> address.
import type { Signer } from '../../lib/signing.ts';

export type StaticKind = 'window' | 'staff';

const PREFIX: Record<StaticKind, string> = { window: 'w', staff: 's' };
const STATIC = /^([ws])\.(\d{1,10})\.([A-Za-z0-9_-]{22})$/;

export function staticToken(signer: Signer, kind: StaticKind, id: number): string {
  return `${PREFIX[kind]}.${id}.${signer.sign(`rate:${kind}:${id}`)}`;
}

/** The window or staff member a static code names, or null for anything else and for a forged signature. */
export function parseStaticToken(signer: Signer, token: string): { kind: StaticKind; id: number } | null {
  const m = STATIC.exec(token);
  if (!m) return null;
  const kind: StaticKind = m[1] === 'w' ? 'window' : 'staff';
  const id = Number(m[2]);
  return signer.verify(`rate:${kind}:${id}`, m[3]) ? { kind, id } : null;
}

/** The address a resident rates through, for a static code or a ticket's link. */
export function ratingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/rate/${token}`;
}
