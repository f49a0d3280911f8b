import { expect } from 'chai';
import { RecentSessions } from '../../server/domain/auth/recent-sessions.ts';

describe('sessions an instance read in the last second', () => {
  let now = 0;
  const recent = () => new RecentSessions<{ id: number; role: string }>(1_000, () => now);
  beforeEach(() => (now = 0));

  it('are believed for the trusted time, then read again', () => {
    const r = recent();
    r.set('a', { id: 1, role: 'operator' }, r.readStarts());
    now = 999;
    expect(r.get('a')).to.deep.equal({ id: 1, role: 'operator' });
    now = 1_000;
    expect(r.get('a')).to.equal(undefined);
  });

  it('are forgotten at once when signed out', () => {
    const r = recent();
    r.set('a', { id: 1, role: 'operator' }, r.readStarts());
    r.forget('a');
    expect(r.get('a')).to.equal(undefined);
  });

  it("forget all of a user's sessions but the one kept, and no one else's", () => {
    const r = recent();
    r.set('a', { id: 1, role: 'operator' }, r.readStarts());
    r.set('b', { id: 1, role: 'operator' }, r.readStarts());
    r.set('c', { id: 2, role: 'supervisor' }, r.readStarts());
    r.forgetUser(1, 'b');
    expect([r.get('a'), r.get('b')?.id, r.get('c')?.id]).to.deep.equal([undefined, 1, 2]);
  });

  it('keep no read that began before a session was ended (a sign-out racing a request)', () => {
    const r = recent();
    const since = r.readStarts();
    r.forget('a'); // the sign-out lands while the request's read is under way
    r.set('a', { id: 1, role: 'operator' }, since);
    expect(r.get('a')).to.equal(undefined);
  });
});
