// One error type for everything the service refuses; the error middleware turns it into docs/api.md's shape. Each
// refusal names a message of the catalogue (server/i18n) and its parameters: the answer says the message in both
// languages ("中文 / English") and carries the key and parameters, from which the pages word it in theirs.
import { bilingual, type MessageKey, type Params } from '../i18n/index.ts';

export type { MessageKey, Params };

export interface ErrorDetail {
  path: string;
  message: string;
  key?: MessageKey;
  params?: Params;
}

/** A message of the catalogue as an answer carries it: both languages, and the key and parameters for the pages. */
export function worded(key: MessageKey, params?: Params): { message: string; key: MessageKey; params?: Params } {
  return { message: bilingual(key, params), key, ...(params ? { params } : {}) };
}

/** A field's problem, worded from the catalogue. */
export function detail(path: string, key: MessageKey, params?: Params): ErrorDetail {
  return { path, ...worded(key, params) };
}

export class AppError extends Error {
  readonly key: MessageKey;
  readonly params?: Params;

  /** `message` names a message of the catalogue, worded with `params`. */
  constructor(
    readonly status: number,
    readonly code: string,
    message: MessageKey,
    readonly details: ErrorDetail[] = [],
    params?: Params,
  ) {
    super(bilingual(message, params));
    this.key = message;
    if (params) this.params = params;
  }

  /** Set once a refusal has been written to the audit log, so it is not written twice. */
  audited = false;
}

/** What a missing record is called: a `thing.*` name of the catalogue. */
export type Thing = MessageKey extends infer K ? (K extends `thing.${infer W}` ? W : never) : never;

export const errors = {
  validation: (details: ErrorDetail[], key: MessageKey = 'error.invalidInput', params?: Params) =>
    new AppError(400, 'VALIDATION_FAILED', key, details, params),
  unauthenticated: (key: MessageKey = 'error.signInFirst') => new AppError(401, 'UNAUTHENTICATED', key),
  forbidden: (key: MessageKey = 'error.notAllowed', params?: Params) => new AppError(403, 'FORBIDDEN', key, [], params),
  // One code for every missing record, as docs/api.md says; the message names what was missing (a `thing.*` key).
  notFound: (what: Thing = 'record') => new AppError(404, 'NOT_FOUND', 'error.notFound', [], { what }),
  invalidTransition: (key: MessageKey, params?: Params) => new AppError(409, 'INVALID_TRANSITION', key, [], params),
  versionConflict: () => new AppError(409, 'VERSION_CONFLICT', 'error.versionConflict'),
  alreadyExists: (key: MessageKey, params?: Params) => new AppError(409, 'ALREADY_EXISTS', key, [], params),
  // Both halves name the time as the sign-in page shows it (Beijing), not as a UTC timestamp.
  locked: (until: Date) => new AppError(423, 'ACCOUNT_LOCKED', 'auth.locked', [], { until: until.toISOString() }),
  rateLimited: () => new AppError(429, 'RATE_LIMITED', 'error.rateLimited'),
};

/** MySQL ER_DUP_ENTRY or SQLite UNIQUE constraint. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.errno === 1062 ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
