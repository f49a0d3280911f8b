import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { hashSecret, issueSecret, KeyedSecrets, sameHash } from '../../server/lib/keyed-secrets.ts';

interface Row {
  id: number;
  key_hash: string;
}

/** A table of one row held in memory, counting how often it is asked. */
function table(secret: string) {
  const rows = [{ id: 1, key_hash: hashSecret(secret) }];
  const asked: string[] = [];
  return {
    asked,
    findByHash: async (hash: string): Promise<Row | null> => {
      asked.push(hash);
      return rows.find((r) => r.key_hash === hash) ?? null;
    },
  };
}

describe('keyed secrets', () => {
  it('issues a secret with its prefix, its SHA-256 and the leading characters kept in the clear', () => {
    const { secret, hash, shown } = issueSecret({ prefix: 'cti_', bytes: 24, shownChars: 12 });
    expect(secret).to.match(/^cti_[A-Za-z0-9_-]{32}$/);
    expect(hash).to.equal(createHash('sha256').update(secret).digest('hex'));
    expect(shown).to.equal(secret.slice(0, 12));
    expect(issueSecret({ prefix: '', bytes: 24, shownChars: 0 }).shown).to.equal('');
    expect(issueSecret({ prefix: '', bytes: 24, shownChars: 0 }).secret).to.not.equal(secret);
  });

  it('compares hashes exactly', () => {
    const h = hashSecret('a');
    expect(sameHash(h, hashSecret('a'))).to.equal(true);
    expect(sameHash(h.toUpperCase(), h)).to.equal(false);
    expect(sameHash(`${h} `, h)).to.equal(false);
  });

  it(
    'finds the row holding a secret, and nothing for a ' + 'missing, unknown or overlong one without asking twice',
    async () => {
      const t = table('s3cret');
      const keys = new KeyedSecrets<Row>({
        format: { prefix: '', bytes: 24, shownChars: 0 },
        findByHash: t.findByHash,
        hashOf: (r) => r.key_hash,
      });
      expect(await keys.find('s3cret')).to.deep.include({ id: 1 });
      expect(await keys.find('other')).to.equal(null);
      expect(await keys.find(undefined)).to.equal(null);
      expect(await keys.find('')).to.equal(null);
      expect(await keys.find('x'.repeat(300))).to.equal(null);
      // No cache asked for: every lookup of a real secret is a query.
      await keys.find('s3cret');
      expect(t.asked).to.have.length(3);
    },
  );

  it('keeps a found row for the cache time, and forgets it when told', async () => {
    const t = table('s3cret');
    let cacheMs = 60_000;
    const keys = new KeyedSecrets<Row>({
      format: { prefix: '', bytes: 24, shownChars: 0 },
      findByHash: t.findByHash,
      hashOf: (r) => r.key_hash,
      cacheMs: () => cacheMs,
    });
    await keys.find('s3cret');
    await keys.find('s3cret');
    expect(t.asked).to.have.length(1);
    keys.forget();
    await keys.find('s3cret');
    expect(t.asked).to.have.length(2);
    // The time is read at every lookup: a shorter one applies at once.
    cacheMs = 0;
    await keys.find('s3cret');
    expect(t.asked).to.have.length(3);
    // Made-up secrets are never kept.
    cacheMs = 60_000;
    await keys.find('made-up');
    await keys.find('made-up');
    expect(t.asked).to.have.length(5);
  });
});
