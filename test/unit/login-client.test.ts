// Whom a sign-in address is counted as (login-throttles.repository.ts): an IPv6 subscriber's whole /64 is one client,
// so stepping through a block's addresses does not reset the per-address and per-account counts.
import { expect } from 'chai';
import { addressKey, clientOf, pairKey } from '../../server/domain/auth/login-throttles.repository.ts';

describe('sign-in client address', () => {
  it('keeps an IPv4 address, also written IPv4-mapped', () => {
    expect(clientOf('203.0.113.7')).to.equal('203.0.113.7');
    expect(clientOf('::ffff:203.0.113.7')).to.equal('203.0.113.7');
    expect(clientOf('203.0.113.8')).to.not.equal(clientOf('203.0.113.7'));
  });

  it('counts every address of one IPv6 /64 as one client, however written, and another /64 apart', () => {
    const one = ['2001:db8:0:1::5', '2001:db8:0:1:ffff::9', '2001:0DB8:0000:0001:1:2:3:4'].map(clientOf);
    expect(new Set(one).size).to.equal(1);
    expect(one[0]).to.equal('2001:db8:0:1::/64');
    expect(clientOf('2001:db8:0:2::5')).to.not.equal(one[0]);
  });

  it('keys the account and the address by that client', () => {
    expect(pairKey('alice', '2001:db8:0:1::5').key).to.equal(pairKey('alice', '2001:db8:0:1::77').key);
    expect(addressKey('::ffff:10.0.0.1').key).to.equal('a:10.0.0.1');
  });
});
