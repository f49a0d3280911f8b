// Registered first: every refusal leaves as {"error": {code, message, details}}; a database that cannot be reached
// is a 503 to try again; anything else unexpected is a plain 500 whose stack goes to the log, never to the client.
import type { Context, Next } from 'koa';
import { AppError, worded } from '../../lib/errors.ts';
import { commitOutcomeUnknown, databaseUnreachable } from '../../lib/db.ts';
import { safeError } from '../../lib/safe-error.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Actor } from '../../domain/users/actor.ts';
import { actorOf } from './auth.ts';

type AuditRefusal = (actor: Actor, request: { method: string; path: string }, reason: string) => Promise<void>;

/** The route's pattern for the log, not the URL (a query may hold a phone number). */
const routeOf = (ctx: Context) => (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? ctx.path;

export function errorHandler(logger: Logger, auditRefusal?: AuditRefusal) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError(404, 'NOT_FOUND', 'error.noRoute');
      }
    } catch (err) {
      const e = err as AppError & { status?: number; expose?: boolean; type?: string };
      if (err instanceof AppError) {
        if (err.status === 403 && !err.audited && ctx.state.user && auditRefusal) {
          // Audited, but an audit that fails must not turn the refusal into a 500.
          await auditRefusal(actorOf(ctx), { method: ctx.method, path: ctx.path }, err.message).catch((auditErr) =>
            logger.error({ err: auditErr }, 'audit of a refusal failed'),
          );
        }
        ctx.status = err.status;
        // The key and parameters let a page word the message in its own language from the shared catalogue.
        const words = { key: err.key, ...(err.params ? { params: err.params } : {}) };
        ctx.body = { error: { code: err.code, message: err.message, ...words, details: err.details } };
      } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        // Koa/bodyparser errors such as malformed JSON or an oversized body.
        const code =
          e.status === 413 ? 'PAYLOAD_TOO_LARGE' : e.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
        ctx.status = e.status === 413 || e.status === 415 ? e.status : 400;
        const reason = { reason: e.message };
        ctx.body = {
          error: { code, ...worded('error.unreadableBody', reason), details: [{ path: '', message: e.message }] },
        };
      } else if (commitOutcomeUnknown(err) || databaseUnreachable(err)) {
        // The database went away (a restart, a Galera node leaving): the client may send it again. After a lost
        // COMMIT nobody knows whether it was stored, so it says so: a keyed creation sent again with the same
        // Idempotency-Key answers the one order, a change with its version answers 409 if it went through.
        const unknown = commitOutcomeUnknown(err);
        logger.warn({ err: safeError(err), method: ctx.method, route: routeOf(ctx), unknown }, 'database unavailable');
        ctx.status = 503;
        ctx.set('Retry-After', '1');
        const code = unknown ? 'COMMIT_UNKNOWN' : 'DATABASE_UNAVAILABLE';
        const words = worded(unknown ? 'error.commitUnknown' : 'error.databaseUnavailable');
        ctx.body = { error: { code, ...words, details: [] } };
      } else {
        // The error without its values.
        logger.error({ err: safeError(err), method: ctx.method, route: routeOf(ctx) }, 'unhandled error');
        ctx.status = 500;
        ctx.body = { error: { code: 'INTERNAL', ...worded('error.internal'), details: [] } };
      }
    }
  };
}
