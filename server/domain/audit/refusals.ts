// Refused attempts (403) are audited (docs/rules/access.md: "anyone else gets 403 and the attempt is audited").
// Ticket actions record theirs with the ticket as target (tickets/ticket-writer.ts#auditForbidden); every other
// refusal, such as a route closed to the caller's role, is recorded here by the error middleware.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import type { Actor } from '../users/actor.ts';
import { auditRepository } from './audit.repository.ts';

export function refusalAuditor(db: Db) {
  return (actor: Actor, request: { method: string; path: string }, reason: string) =>
    auditRepository.record(
      db,
      actor,
      'forbidden',
      { type: 'route', id: null },
      { attempted: `${request.method} ${request.path}`, reason },
      toDbTime(clock.now()),
    );
}
