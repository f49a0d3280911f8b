// One error type for everything the service refuses; the error middleware turns it into docs/api.md's shape.
import { beijingTime } from './calendar.ts';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** Set once a refusal has been written to the audit log, so it is not written twice. */
  audited = false;
}

export const errors = {
  validation: (details: ErrorDetail[], message = '请求参数有误 / invalid input') =>
    new AppError(400, 'VALIDATION_FAILED', message, details),
  unauthenticated: (message = '请先登录 / sign in first') => new AppError(401, 'UNAUTHENTICATED', message),
  forbidden: (message = '无权执行此操作 / not allowed') => new AppError(403, 'FORBIDDEN', message),
  // One code for every missing record, as docs/api.md says; the message names what was missing.
  notFound: (what = '记录') => new AppError(404, 'NOT_FOUND', `${what}不存在 / not found`),
  invalidTransition: (message: string) => new AppError(409, 'INVALID_TRANSITION', message),
  versionConflict: () =>
    new AppError(409, 'VERSION_CONFLICT', '工单已被他人修改，请刷新后重试 / the ticket changed, reload and retry'),
  alreadyExists: (message: string) => new AppError(409, 'ALREADY_EXISTS', message),
  // Both halves name the time as the sign-in page shows it (Beijing), not as a UTC timestamp.
  locked: (until: Date) => {
    const at = new Date(until.getTime() + 8 * 3_600_000).toISOString();
    return new AppError(423, 'ACCOUNT_LOCKED',
      `账号已锁定，请于北京时间 ${beijingTime(until)} 后再试 / account locked; try again after ${at.slice(0, 10)} ${at.slice(11, 16)} Beijing time`);
  },
  rateLimited: () => new AppError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试 / too many requests'),
};

/** MySQL ER_DUP_ENTRY or SQLite UNIQUE constraint. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
