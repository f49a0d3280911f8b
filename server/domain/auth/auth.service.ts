// Sign-in, lockout, idle and absolute session lifetimes. Tokens are random; only their SHA-256 is stored.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, AppError, errors } from '../../lib/errors.ts';
import { hashSecret, issueSecret } from '../../lib/keyed-secrets.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import { passwordProblem } from '../users/password-rules.ts';
import type { Config } from '../../../config/default.ts';
import { toUser, usersRepository, type User } from '../users/users.repository.ts';
import type { UserChange } from '../users/users.service.ts';
import { sessionsRepository as sessions } from './sessions.repository.ts';
import { addressKey, loginThrottles as throttles, pairKey, type ThrottleKey } from './login-throttles.repository.ts';
import { subtreeOf } from '../departments/unit-tree.ts';
import { RecentSessions } from './recent-sessions.ts';

type SessionRow = NonNullable<Awaited<ReturnType<typeof sessions.findWithUser>>>;

/**
 * The user behind a session with the units they see: their department and every unit below it (a district's streets
 * and communities; docs/rules/units.md), which the access policy reads (Actor.units). Read from the in-process unit
 * tree, so a session costs no extra query.
 */
export type SessionUser = User & { units: number[] };

/** Session tokens are keyed secrets too (lib/keyed-secrets.ts): 256 random bits in the cookie, SHA-256 in the table. */
const SESSION_TOKEN = { prefix: '', bytes: 32, shownChars: 0 };
const hash = hashSecret;
// Touching a session on every request would turn each read into a write; a minute's slack is harmless
// against a 30-minute idle limit.
const TOUCH_EVERY_MS = 60_000;
const NOT_CHANGED = 'auth.passwordNotChanged';

/** 429 for an address that failed too often: said in Beijing time, like a locked account. */
function addressThrottled(until: Date): AppError {
  return new AppError(429, 'RATE_LIMITED', 'auth.addressThrottled', [], { until: until.toISOString() });
}

// Failures of one account from one address are counted over this long from the first (then the count starts over).
const PAIR_WINDOW_MS = 24 * 3_600_000;
const WRONG = 'auth.wrongCredentials';

/**
 * The lockout rule (docs/rules/access.md): 5 failures lock an account for 15 minutes from the address that failed, not
 * from everywhere, so a stranger cannot lock the owner out; an address that fails `maxFailedPerAddress` times within
 * 15 minutes (any usernames) is refused for 15 minutes. Known and unknown usernames are counted, checked (a KDF run
 * against a dummy hash) and answered alike.
 */
export class AuthService {
  private dummyHash: Promise<string> | null = null;
  private readonly recent = new RecentSessions<SessionRow>();

  constructor(
    private readonly db: Db,
    private readonly auth: Config['auth'],
  ) {}

  private get lockMs() {
    return this.auth.lockMinutes * 60_000;
  }

  /** Takes an attempt of the address and of the account from it, or refuses (429 address, 423 account). */
  private async takeAttempts(username: string, address: string, now: Date) {
    const pair = pairKey(username, address);
    const from = addressKey(address);
    if (!(await throttles.take(this.db, from, this.auth.maxFailedPerAddress, this.lockMs, now))) {
      throw addressThrottled(await throttles.refusedUntil(this.db, from, this.lockMs, now));
    }
    if (!(await throttles.take(this.db, pair, this.auth.maxFailedLogins, PAIR_WINDOW_MS, now))) {
      throw errors.locked(await throttles.refusedUntil(this.db, pair, this.lockMs, now));
    }
    return { pair, from };
  }

  /** A failure: the account (from this address) or the address may now be locked; a locked account answers 423. */
  private async failed(keys: { pair: ThrottleKey; from: ThrottleKey }, now: Date, otherwise: AppError): Promise<never> {
    const until = new Date(now.getTime() + this.lockMs);
    await throttles.lockIfFull(this.db, keys.pair, this.auth.maxFailedLogins, until, now);
    await throttles.lockIfFull(this.db, keys.from, this.auth.maxFailedPerAddress, until, now);
    const lockedUntil = await throttles.lockedUntil(this.db, keys.pair);
    if (lockedUntil && lockedUntil > now) throw errors.locked(lockedUntil);
    throw otherwise;
  }

  /** The password checked against the user's hash, or against a dummy one so an unknown name takes as long. */
  private async check(password: string, row: { password_hash: string } | null): Promise<boolean> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.auth.scryptCost);
    const ok = await verifyPassword(password, row?.password_hash ?? (await this.dummyHash));
    return ok && row !== null;
  }

  async login(username: string, password: string, address = 'unknown'): Promise<{ token: string; user: User }> {
    const now = clock.now();
    const keys = await this.takeAttempts(username, address, now);
    const row = await usersRepository.findByUsername(this.db, username);
    if (!(await this.check(password, row)) || !row!.active)
      return this.failed(keys, now, errors.unauthenticated(WRONG));
    await throttles.succeeded(this.db, keys.pair, keys.from, now);
    const { secret: token, hash: tokenHash } = issueSecret(SESSION_TOKEN);
    await sessions.insert(this.db, tokenHash, row!.id, toDbTime(now));
    return { token, user: toUser(row!) };
  }

  /**
   * 修改密码 by its owner: the old password proves it is them (a wrong one counts as a failed sign-in from that
   * address, so it cannot be guessed through this form either); the new one must pass the rules and differ; every
   * other session ends.
   */
  async changePassword(
    token: string,
    userId: number,
    oldPassword: string,
    newPassword: string,
    address = 'unknown',
  ): Promise<void> {
    const row = await usersRepository.find(this.db, userId);
    if (!row) throw errors.unauthenticated();
    const now = clock.now();
    const keys = await this.takeAttempts(row.username, address, now);
    if (!(await this.check(oldPassword, row))) {
      return this.failed(
        keys,
        now,
        errors.validation([detail('old_password', 'auth.currentPasswordWrong')], NOT_CHANGED),
      );
    }
    await throttles.succeeded(this.db, keys.pair, keys.from, now);
    const weak =
      passwordProblem(newPassword, row.username) ?? (newPassword === oldPassword ? 'auth.passwordUnchanged' : null);
    if (weak) throw errors.validation([detail('new_password', weak)], NOT_CHANGED);
    await usersRepository.update(
      this.db,
      row.id,
      { password_hash: await hashPassword(newPassword, this.auth.scryptCost) },
      toDbTime(now),
    );
    await sessions.deleteForUser(this.db, row.id, hash(token));
    this.recent.forgetUser(row.id, hash(token));
  }

  /**
   * A user changed (the users service tells): a new password set by an administrator (forgotten, or feared known)
   * lifts the account's locks and ends every session signed in with the old; a deactivated user's sessions are
   * deleted, not hidden, so reactivating the account brings none of them back.
   */
  async userChanged(user: { id: number; username: string }, change: UserChange): Promise<void> {
    if (change.passwordSet) await throttles.clearUser(this.db, user.username);
    if (change.passwordSet || change.deactivated) await sessions.deleteForUser(this.db, user.id);
    // Any change (a role, a department) is read afresh by the next call.
    this.recent.forgetUser(user.id);
  }

  async logout(token: string): Promise<void> {
    await sessions.delete(this.db, hash(token));
    this.recent.forget(hash(token));
  }

  /**
   * Deletes sessions idle past the limit or older than the absolute lifetime: they can never be used again, and
   * would otherwise stay until presented. Failure counts a day old without a standing lock go too.
   */
  async purgeIdle(now: Date = clock.now()): Promise<number> {
    const n = await sessions.deleteExpired(
      this.db,
      toDbTime(new Date(now.getTime() - this.auth.idleMinutes * 60_000)),
      toDbTime(new Date(now.getTime() - this.auth.sessionMaxHours * 3_600_000)),
    );
    await throttles.purge(this.db, new Date(now.getTime() - PAIR_WINDOW_MS), now);
    return n;
  }

  /** Past the idle limit, or past the absolute lifetime from its sign-in however busy (SESSION_MAX_HOURS). */
  private expired(row: { last_seen_at: string; session_created_at: string }, now: Date): boolean {
    const idle = now.getTime() - fromDbTime(row.last_seen_at)!.getTime();
    const age = now.getTime() - fromDbTime(row.session_created_at)!.getTime();
    return idle > this.auth.idleMinutes * 60_000 || age > this.auth.sessionMaxHours * 3_600_000;
  }

  /** The user behind a token, or null when the token is unknown, expired (idle or too old) or the user is disabled. */
  async authenticate(token: string): Promise<SessionUser | null> {
    const key = hash(token);
    let row = this.recent.get(key);
    if (!row) {
      const since = this.recent.readStarts();
      row = (await sessions.findWithUser(this.db, key)) ?? undefined;
      if (!row) return null;
      this.recent.set(key, row, since);
    }
    const now = clock.now();
    if (this.expired(row, now)) {
      this.recent.forget(key);
      await sessions.delete(this.db, key);
      return null;
    }
    if (!row.active) return null;
    const idle = now.getTime() - fromDbTime(row.last_seen_at)!.getTime();
    if (idle > TOUCH_EVERY_MS) {
      await sessions.touch(this.db, key, toDbTime(now));
      row.last_seen_at = toDbTime(now);
    }
    return this.withUnits(toUser(row));
  }

  /**
   * The user behind a token as authenticate would answer, without counting as activity: the live hub looks at its
   * open screens with this, and a screen only being watched must not keep a session from going idle.
   */
  async peek(token: string): Promise<SessionUser | null> {
    const row = await sessions.findWithUser(this.db, hash(token));
    if (!row || !row.active) return null;
    return this.expired(row, clock.now()) ? null : this.withUnits(toUser(row));
  }

  private async withUnits(user: User): Promise<SessionUser> {
    return { ...user, units: user.department_id === null ? [] : await subtreeOf(this.db, user.department_id) };
  }
}
