import { expect } from 'chai';
import { Sealer } from '../../server/lib/sealing.ts';
import { signBody, verifySignature } from '../../server/domain/peers/peer-signing.ts';

describe('peer signing and sealed secrets', () => {
  it('signs the raw bytes: the same JSON with other spacing has another signature', () => {
    const sig = signBody('s3cret', '{"a":1}');
    expect(sig).to.match(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', '{"a":1}', sig)).to.equal(true);
    expect(verifySignature('s3cret', '{"a": 1}', sig)).to.equal(false);
    expect(verifySignature('other', '{"a":1}', sig)).to.equal(false);
    expect(verifySignature('s3cret', '{"a":1}', sig.toUpperCase().replace('SHA256', 'sha256'))).to.equal(true);
    expect(verifySignature('s3cret', '{"a":1}', undefined)).to.equal(false);
    expect(verifySignature('s3cret', '{"a":1}', 'sha256=00')).to.equal(false);
  });

  it('unseals what it sealed, and nothing sealed under another SECRET or altered', () => {
    const a = new Sealer();
    a.setSecret('one');
    const b = new Sealer();
    b.setSecret('two');
    const sealed = a.seal('shared-key-值');
    expect(sealed).to.not.include('shared-key');
    expect(a.unseal(sealed)).to.equal('shared-key-值');
    expect(a.seal('x')).to.not.equal(a.seal('x'));
    expect(b.unseal(sealed)).to.equal(null);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(a.unseal(parts.join('.'))).to.equal(null);
    expect(a.unseal('garbage')).to.equal(null);
  });
});
