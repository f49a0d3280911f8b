// What of an error may reach the log (or the jobs table): its type, codes and a message with every value taken
// out. knex errors carry the statement's `sql` and `bindings`, and their message (like mysql2's sqlMessage, e.g.
// "Duplicate entry '13800001234' for key ...") can hold a caller's number or a resident's words: those never
// leave the process. pino's default serializer would write every own property, bindings included.

/** Quoted literals become '?', long digit runs (phone numbers, ids of people) become '#'. */
export function scrubValues(text: string): string {
  return text
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "'?'")
    .replace(/"(?:[^"\\]|\\.)*"/g, '"?"')
    .replace(/\d{5,}/g, '#');
}

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  status?: number;
  cause?: SafeError;
}

export function safeError(err: unknown, depth = 0): SafeError {
  if (err === null || typeof err !== 'object') return { type: typeof err, message: scrubValues(String(err)) };
  const e = err as Error & {
    code?: unknown;
    errno?: unknown;
    sqlState?: unknown;
    status?: unknown;
    cause?: unknown;
    type?: unknown;
  };
  const message = scrubValues(String(e.message ?? ''));
  const out: SafeError = {
    type: typeof e.type === 'string' && !(err instanceof Error) ? e.type : (e.constructor?.name ?? 'Error'),
    message,
  };
  // The stack's first lines repeat the message: keep only the frames.
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = [`${out.type}: ${message}`, ...frames].join('\n');
  }
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = String(e.code);
  if (typeof e.errno === 'number') out.errno = e.errno;
  if (typeof e.sqlState === 'string') out.sqlState = e.sqlState;
  if (typeof e.status === 'number') out.status = e.status;
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}
