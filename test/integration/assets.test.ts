import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { testApp } from '../helpers/test-app.ts';

/** A raw GET (fetch would undo the compression this checks). */
async function get(path: string, headers: Record<string, string> = {}) {
  const { baseUrl } = await testApp();
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('page assets', () => {
  it('sends the bundles compressed to browsers that take gzip, and whole to those that do not', async () => {
    const plain = await get('/assets/dashboard.js');
    expect(plain.status).to.equal(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
    const packed = await get('/assets/dashboard.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(packed.headers['content-encoding']).to.equal('gzip');
    expect(packed.headers.vary).to.include('Accept-Encoding');
    expect(packed.body.length).to.be.below(plain.body.length / 2);
    expect(gunzipSync(packed.body).equals(plain.body)).to.equal(true);
    // Each form has its own tag, so a cache never answers one with the other.
    expect(packed.headers.etag).to.not.equal(plain.headers.etag);
    expect(
      (await get('/assets/dashboard.js', { 'accept-encoding': 'gzip', 'if-none-match': packed.headers.etag! })).status,
    ).to.equal(304);
    expect((await get('/assets/dashboard.js', { 'if-none-match': packed.headers.etag! })).status).to.equal(200);
  });
});
