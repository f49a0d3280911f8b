// Which failed transactions withTransaction (server/lib/db.ts) runs again: only those that certainly rolled back,
// such as a Galera certification failure, reported as a deadlock at COMMIT; never one whose COMMIT may have landed.
import { expect } from 'chai';
import type { Knex } from 'knex';
import {
  MAX_ATTEMPTS,
  commitOutcomeUnknown,
  isRetryable,
  isWriteConflict,
  onCommit,
  retryDelay,
  retryStatement,
  withTransaction,
} from '../../server/lib/db.ts';
import { GroupCommit } from '../../server/lib/group-commit.ts';

function sqlError(code: string, errno?: number): Error {
  return Object.assign(new Error(code), { code, errno });
}

/** A stand-in for knex: runs the body, then "commits" by throwing what commitFails gives for that attempt. */
function fakeDb(commitFails: (attempt: number) => Error | null) {
  let attempts = 0;
  const db = {
    async transaction(handler: (trx: Knex.Transaction) => Promise<unknown>) {
      attempts++;
      const trx = { isTransaction: true } as unknown as Knex.Transaction;
      const out = await handler(trx);
      const err = commitFails(attempts);
      if (err) throw err;
      return out;
    },
  };
  return { db: db as unknown as Knex, attempts: () => attempts };
}

describe('transaction retry classification', () => {
  it('retries a deadlock, which is also how Galera reports a certification failure, in the body and at COMMIT', () => {
    expect(isRetryable(sqlError('ER_LOCK_DEADLOCK', 1213), false)).to.equal(true);
    expect(isRetryable(sqlError('ER_LOCK_DEADLOCK', 1213), true)).to.equal(true);
    expect(isRetryable({ errno: 1213 }, true)).to.equal(true);
    expect(isWriteConflict(sqlError('ER_LOCK_DEADLOCK', 1213))).to.equal(true);
  });

  it("retries TiDB's write conflicts, which mysql2 gives by number only", () => {
    for (const errno of [9007, 8002, 8022]) expect(isRetryable({ errno }, true), String(errno)).to.equal(true);
  });

  it('retries a refused statement (lock wait, a node not in the primary component) only before COMMIT', () => {
    for (const [code, errno] of [
      ['ER_LOCK_WAIT_TIMEOUT', 1205],
      ['ER_UNKNOWN_COM_ERROR', 1047],
    ] as const) {
      expect(isRetryable(sqlError(code, errno), false), code).to.equal(true);
      expect(isRetryable(sqlError(code, errno), true), code).to.equal(false);
    }
  });

  it('retries a connection lost in the body, never one lost during COMMIT (its outcome is unknown)', () => {
    for (const code of ['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE']) {
      expect(isRetryable(sqlError(code), false), code).to.equal(true);
      expect(isRetryable(sqlError(code), true), code).to.equal(false);
    }
  });

  it('does not retry a constraint, a syntax error or an error without a code', () => {
    expect(isRetryable(sqlError('ER_DUP_ENTRY', 1062), false)).to.equal(false);
    expect(isRetryable(sqlError('ER_PARSE_ERROR', 1064), false)).to.equal(false);
    expect(isRetryable(new Error('plain'), false)).to.equal(false);
    expect(isRetryable(null, false)).to.equal(false);
    expect(isWriteConflict(sqlError('ER_DUP_ENTRY', 1062))).to.equal(false);
  });

  it('backs off with a jittered wait that doubles up to half a second', () => {
    expect(retryDelay(1, () => 0.999)).to.be.at.most(5);
    expect(retryDelay(4, () => 1)).to.equal(40);
    expect(retryDelay(20, () => 1)).to.equal(500);
    expect(retryDelay(20, () => 0)).to.equal(0);
  });
});

describe('withTransaction retries', () => {
  it('runs a transaction that lost certification again, and its commit hooks once', async () => {
    const { db, attempts } = fakeDb((n) => (n < 4 ? sqlError('ER_LOCK_DEADLOCK', 1213) : null));
    let hooks = 0;
    const out = await withTransaction(db, async (trx) => {
      onCommit(trx, () => hooks++);
      return 'done';
    });
    expect(out).to.equal('done');
    expect(attempts()).to.equal(4);
    expect(hooks).to.equal(1);
  });

  it('gives up after MAX_ATTEMPTS and runs no hook of a failed attempt', async () => {
    const { db, attempts } = fakeDb(() => sqlError('ER_LOCK_DEADLOCK', 1213));
    let hooks = 0;
    const failed = await withTransaction(db, async (trx) => onCommit(trx, () => hooks++)).catch((e) => e);
    expect(failed.code).to.equal('ER_LOCK_DEADLOCK');
    expect(attempts()).to.equal(MAX_ATTEMPTS);
    expect(hooks).to.equal(0);
  });

  it('does not run again a transaction whose COMMIT lost its connection', async () => {
    const { db, attempts } = fakeDb(() => sqlError('PROTOCOL_CONNECTION_LOST'));
    const failed = await withTransaction(db, async () => 1).catch((e) => e);
    expect(failed.code).to.equal('PROTOCOL_CONNECTION_LOST');
    expect(attempts()).to.equal(1);
    expect(commitOutcomeUnknown(failed)).to.equal(true);
  });

  it('runs again a transaction whose COMMIT was refused unsent on a connection already closed', async () => {
    // mysql2 refuses a command on a closed connection with no code: the COMMIT never left, nothing committed.
    const closed = new Error("COMMIT; - Can't add new command when connection is in closed state");
    const { db, attempts } = fakeDb((attempt) => (attempt === 1 ? closed : null));
    expect(await withTransaction(db, async () => 'stored')).to.equal('stored');
    expect(attempts()).to.equal(2);
    expect(isRetryable({ errno: 1927 }, false), 'a killed connection in the body').to.equal(true);
    expect(isRetryable({ errno: 1927 }, true), 'a killed connection at COMMIT').to.equal(false);
  });

  it('runs again a body cut off by a lost connection, and a lock wait timeout only once more', async () => {
    const lost = fakeDb(() => null);
    let calls = 0;
    await withTransaction(lost.db, async () => {
      if (++calls === 1) throw sqlError('PROTOCOL_CONNECTION_LOST');
    });
    expect(lost.attempts()).to.equal(2);
    const waited = fakeDb(() => null);
    const failed = await withTransaction(waited.db, async () => {
      throw sqlError('ER_LOCK_WAIT_TIMEOUT', 1205);
    }).catch((e) => e);
    expect(failed.code).to.equal('ER_LOCK_WAIT_TIMEOUT');
    expect(waited.attempts()).to.equal(2);
    expect(commitOutcomeUnknown(failed)).to.equal(false);
  });

  it('does not write a batch again item by item when its COMMIT may have landed (group commit)', async () => {
    const { db, attempts } = fakeDb(() => sqlError('PROTOCOL_CONNECTION_LOST'));
    const gc = new GroupCommit<number, number>((items) => withTransaction(db, async () => items), 10);
    const settled = await Promise.allSettled([1, 2, 3].map((i) => gc.submit(i)));
    expect(settled.map((s) => s.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    expect(attempts()).to.equal(1);
  });

  it('runs a statement of its own again while it lost to another write, another failure once', async () => {
    const k = { client: { config: { client: 'mysql2' } } } as unknown as Knex;
    let runs = 0;
    const out = await retryStatement(k, async () => {
      if (++runs < 3) throw sqlError('ER_LOCK_DEADLOCK', 1213);
      return 'numbered';
    });
    expect([out, runs]).to.deep.equal(['numbered', 3]);
    runs = 0;
    const failed = await retryStatement(k, async () => {
      runs++;
      throw sqlError('ER_DUP_ENTRY', 1062);
    }).catch((e) => e);
    expect([failed.code, runs]).to.deep.equal(['ER_DUP_ENTRY', 1]);
  });
});
