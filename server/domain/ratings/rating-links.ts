// The addresses residents rate through (docs/rules/reviews.md, QR codes):
// - a static code per window or staff member, printed by the windows area (windows/rating-codes.ts);
// - a single-use link per ticket, issued with the department's reply: a random token stored in rating_tokens.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { toDbTime } from '../../lib/db.ts';
import type { Signer } from '../../lib/signing.ts';
import { parseStaticToken, type StaticKind } from '../windows/rating-codes.ts';
import { ratingsRepository as repo } from './ratings.repository.ts';

export { ratingUrl, staticToken, type StaticKind } from '../windows/rating-codes.ts';
export type TokenTarget = { kind: StaticKind; id: number } | { kind: 'ticket'; token: string };

/** A ticket's link: 18 random bytes in base64url, never a dot (a static code's form). */
const TICKET = /^[A-Za-z0-9_-]{24}$/;

/** What a token points at, or null for anything forged or malformed. A ticket token still has to be looked up. */
export function parseToken(signer: Signer, token: string): TokenTarget | null {
  return parseStaticToken(signer, token) ?? (TICKET.test(token) ? { kind: 'ticket', token } : null);
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
    token,
    ...t,
    rating_id: null,
    used_at: null,
    expires_at: toDbTime(new Date(now.getTime() + validDays * 86_400_000)),
    created_at: toDbTime(now),
  });
  return token;
}
