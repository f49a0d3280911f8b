// Sign-in, lockout and idle sessions. Tokens are random; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import { passwordProblem } from '../users/password-rules.ts';
import type { Config } from '../../../config/default.ts';
import { toUser, usersRepository, type User } from '../users/users.repository.ts';
import { sessionsRepository as sessions } from './sessions.repository.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
// Touching a session on every request would turn each read into a write; a minute's slack is harmless
// against a 30-minute idle limit.
const TOUCH_EVERY_MS = 60_000;
const NOT_CHANGED = '密码未修改 / the password was not changed';

export class AuthService {
  constructor(private readonly db: Db, private readonly auth: Config['auth']) {}

  async login(username: string, password: string): Promise<{ token: string; user: User }> {
    const row = await usersRepository.findByUsername(this.db, username);
    const now = clock.now();
    if (!row || !row.active) throw errors.unauthenticated('用户名或密码错误 / wrong username or password');
    const lockedUntil = fromDbTime(row.locked_until);
    if (lockedUntil && lockedUntil > now) throw errors.locked(lockedUntil);
    if (lockedUntil) await usersRepository.clearExpiredLock(this.db, row.id, row.locked_until!, toDbTime(now));
    const until = new Date(now.getTime() + this.auth.lockMinutes * 60_000);
    // The attempt is counted as failed before the slow check, so guesses sent in parallel get at most
    // maxFailedLogins checks between them; the rest are refused as if the account were already locked.
    if (!(await usersRepository.takeAttempt(this.db, row.id, this.auth.maxFailedLogins, toDbTime(now)))) {
      const fresh = await usersRepository.find(this.db, row.id);
      throw errors.locked(fromDbTime(fresh?.locked_until) ?? until);
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      const fresh = await usersRepository.find(this.db, row.id);
      if (fresh && fresh.failed_logins >= this.auth.maxFailedLogins) {
        const current = fromDbTime(fresh.locked_until);
        if (current && current > now) throw errors.locked(current);
        await usersRepository.update(this.db, row.id, { locked_until: toDbTime(until) }, toDbTime(now));
        throw errors.locked(until);
      }
      throw errors.unauthenticated('用户名或密码错误 / wrong username or password');
    }
    await usersRepository.update(this.db, row.id, { failed_logins: 0, locked_until: null }, toDbTime(now));
    const token = randomBytes(32).toString('base64url');
    await sessions.insert(this.db, hash(token), row.id, toDbTime(now));
    return { token, user: toUser(row) };
  }

  /**
   * 修改密码 by its owner: the old password proves it is them (a wrong one counts as a failed sign-in, so it cannot be
   * guessed through this form either); the new one must pass the rules and differ; every other session ends.
   */
  async changePassword(token: string, userId: number, oldPassword: string, newPassword: string): Promise<void> {
    const row = await usersRepository.find(this.db, userId);
    if (!row) throw errors.unauthenticated();
    const now = clock.now();
    const lockedUntil = fromDbTime(row.locked_until);
    if (lockedUntil && lockedUntil > now) throw errors.locked(lockedUntil);
    if (lockedUntil) await usersRepository.clearExpiredLock(this.db, row.id, row.locked_until!, toDbTime(now));
    const until = new Date(now.getTime() + this.auth.lockMinutes * 60_000);
    if (!(await usersRepository.takeAttempt(this.db, row.id, this.auth.maxFailedLogins, toDbTime(now)))) throw errors.locked(until);
    if (!(await verifyPassword(oldPassword, row.password_hash))) {
      const fresh = await usersRepository.find(this.db, row.id);
      if (fresh && fresh.failed_logins >= this.auth.maxFailedLogins) {
        await usersRepository.update(this.db, row.id, { locked_until: toDbTime(until) }, toDbTime(now));
        throw errors.locked(until);
      }
      throw errors.validation([{ path: 'old_password', message: '原密码不正确 / the current password is wrong' }], NOT_CHANGED);
    }
    const weak = passwordProblem(newPassword, row.username)
      ?? (newPassword === oldPassword ? '新密码不能与原密码相同 / the new password must differ' : null);
    if (weak) {
      await usersRepository.update(this.db, row.id, { failed_logins: 0 }, toDbTime(now));
      throw errors.validation([{ path: 'new_password', message: weak }], NOT_CHANGED);
    }
    await usersRepository.update(this.db, row.id, {
      password_hash: await hashPassword(newPassword, this.auth.scryptCost), failed_logins: 0, locked_until: null,
    }, toDbTime(now));
    await sessions.deleteForUser(this.db, row.id, hash(token));
  }

  async logout(token: string): Promise<void> {
    await sessions.delete(this.db, hash(token));
  }

  /** Deletes sessions idle past the limit: they can never be used again, and would otherwise stay until presented. */
  async purgeIdle(now: Date = clock.now()): Promise<number> {
    return sessions.deleteIdleBefore(this.db, toDbTime(new Date(now.getTime() - this.auth.idleMinutes * 60_000)));
  }

  /** The user behind a token, or null when the token is unknown, idle too long or the user is disabled. */
  async authenticate(token: string): Promise<User | null> {
    const key = hash(token);
    const row = await sessions.findWithUser(this.db, key);
    if (!row) return null;
    const now = clock.now();
    const idle = now.getTime() - fromDbTime(row.last_seen_at)!.getTime();
    if (idle > this.auth.idleMinutes * 60_000) {
      await sessions.delete(this.db, key);
      return null;
    }
    if (!row.active) return null;
    if (idle > TOUCH_EVERY_MS) await sessions.touch(this.db, key, toDbTime(now));
    return toUser(row);
  }

  /**
   * The user behind a token as authenticate would answer, without counting as activity: the live hub looks at its
   * open screens with this, and a screen only being watched must not keep a session from going idle.
   */
  async peek(token: string): Promise<User | null> {
    const row = await sessions.findWithUser(this.db, hash(token));
    if (!row || !row.active) return null;
    const idle = clock.now().getTime() - fromDbTime(row.last_seen_at)!.getTime();
    return idle > this.auth.idleMinutes * 60_000 ? null : toUser(row);
  }
}
