// Which requests count as sent by the service's own pages (server/http/middleware/origin.ts), with and without a
// trusted proxy: the Origin check of changes (finding 2) and of the live WebSocket (finding 13) rest on it.
import type http from 'node:http';
import { expect } from 'chai';
import { behindTls, fromOwnPage } from '../../server/http/middleware/origin.ts';

const req = (headers: Record<string, string>, encrypted = false) =>
  ({ headers, socket: { encrypted } }) as unknown as http.IncomingMessage;
const direct = { publicUrl: 'http://127.0.0.1:3000', trustProxy: false };
const proxied = { publicUrl: 'https://hotline.example.gov', trustProxy: true };

describe("origin: the service's own pages", () => {
  it('accepts the address the request was sent to, and no other port, scheme or host', () => {
    const host = { host: '10.0.0.5:3000' };
    expect(fromOwnPage(req({ ...host, origin: 'http://10.0.0.5:3000' }), direct)).to.equal(true);
    expect(fromOwnPage(req({ ...host, origin: 'http://10.0.0.5:8080' }), direct)).to.equal(false);
    expect(fromOwnPage(req({ ...host, origin: 'https://10.0.0.5:3000' }), direct)).to.equal(false);
    expect(fromOwnPage(req({ ...host, origin: 'http://evil.example' }), direct)).to.equal(false);
    expect(fromOwnPage(req({ ...host, referer: 'http://10.0.0.5:3000/admin' }), direct)).to.equal(true);
    expect(fromOwnPage(req({ ...host, referer: 'http://10.0.0.5:8080/x' }), direct)).to.equal(false);
    expect(fromOwnPage(req(host), direct)).to.equal(false);
  });

  it('ignores X-Forwarded-* without TRUST_PROXY, and follows them with it', () => {
    const spoofed = {
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      origin: 'https://evil.example',
    };
    expect(fromOwnPage(req(spoofed), direct)).to.equal(false);
    const forwarded = {
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'hotline.example.gov',
      'x-forwarded-proto': 'https',
    };
    expect(fromOwnPage(req({ ...forwarded, origin: 'https://hotline.example.gov' }), proxied)).to.equal(true);
    expect(fromOwnPage(req({ ...forwarded, origin: 'http://hotline.example.gov' }), proxied)).to.equal(false);
    // PUBLIC_URL counts even when the proxy does not forward the host.
    expect(
      fromOwnPage(req({ host: '127.0.0.1:3000', origin: 'https://hotline.example.gov' }), {
        ...proxied,
        trustProxy: false,
      }),
    ).to.equal(true);
  });

  it('trusts Origin "null" only with the browser\'s own Sec-Fetch-Site: same-origin', () => {
    expect(fromOwnPage(req({ host: 'h:1', origin: 'null', 'sec-fetch-site': 'same-origin' }), direct)).to.equal(true);
    expect(fromOwnPage(req({ host: 'h:1', origin: 'null', 'sec-fetch-site': 'same-site' }), direct)).to.equal(false);
    expect(fromOwnPage(req({ host: 'h:1', origin: 'null' }), direct)).to.equal(false);
    // A real Origin decides: Sec-Fetch-Site does not overrule it.
    expect(fromOwnPage(req({ host: 'h:1', origin: 'http://h:2', 'sec-fetch-site': 'same-origin' }), direct)).to.equal(
      false,
    );
  });

  it('knows when the browser came over TLS', () => {
    expect(behindTls(req({ host: 'x' }, true), direct)).to.equal(true);
    expect(behindTls(req({ host: 'x', 'x-forwarded-proto': 'https' }), direct)).to.equal(false);
    expect(behindTls(req({ host: 'x', 'x-forwarded-proto': 'https' }), proxied)).to.equal(true);
    expect(behindTls(req({ host: 'hotline.example.gov' }), { ...proxied, trustProxy: false })).to.equal(true);
    expect(behindTls(req({ host: '127.0.0.1:3000' }), { ...proxied, trustProxy: false })).to.equal(false);
  });
});
