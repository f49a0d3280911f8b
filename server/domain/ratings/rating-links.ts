// The addresses residents rate through (docs/rules/reviews.md, QR codes):
// - a static code per window (`w.<id>.<sig>`) or staff member (`s.<id>.<sig>`): signed with the SECRET, so
//   nothing is stored and printed codes stay valid; anyone may rate through them again and again;
// - a single-use link per ticket, issued with the department's reply: a random token stored in rating_tokens.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { toDbTime } from '../../lib/db.ts';
import type { Signer } from '../../lib/signing.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';

export type StaticKind = 'window' | 'staff';
export type TokenTarget = { kind: StaticKind; id: number } | { kind: 'ticket'; token: string };

const PREFIX: Record<StaticKind, string> = { window: 'w', staff: 's' };
const STATIC = /^([ws])\.(\d{1,10})\.([A-Za-z0-9_-]{22})$/;
const TICKET = /^[A-Za-z0-9_-]{24}$/;

export function staticToken(signer: Signer, kind: StaticKind, id: number): string {
  return `${PREFIX[kind]}.${id}.${signer.sign(`rate:${kind}:${id}`)}`;
}

/** What a token points at, or null for anything forged or malformed. A ticket token still has to be looked up. */
export function parseToken(signer: Signer, token: string): TokenTarget | null {
  const m = STATIC.exec(token);
  if (m) {
    const kind: StaticKind = m[1] === 'w' ? 'window' : 'staff';
    const id = Number(m[2]);
    return signer.verify(`rate:${kind}:${id}`, m[3]) ? { kind, id } : null;
  }
  return TICKET.test(token) ? { kind: 'ticket', token } : null;
}

export function ratingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/rate/${token}`;
}

/** Called inside the reply's transaction: the link exists exactly when the reply does. */
export async function issueTicketLink(
  trx: Knex.Transaction,
  t: { ticket_id: number; assignment_id: number; department_id: number },
  now: Date,
  validDays: number,
): Promise<string> {
  const token = randomBytes(18).toString('base64url');
  await repo.insertToken(trx, {
    token, ...t, rating_id: null, used_at: null,
    expires_at: toDbTime(new Date(now.getTime() + validDays * 86_400_000)), created_at: toDbTime(now),
  });
  return token;
}
