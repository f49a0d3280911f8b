// The signature of every message exchanged with a peer, both ways: `sha256=<hex HMAC-SHA256 of the raw body>` under
// the key's shared secret (docs/integration.md has a Node example). The raw bytes are signed, not a re-serialised
// JSON, so whitespace and key order need no agreement.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(secret: string, raw: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** Whether `header` is the body's signature under `secret`, compared in constant time. */
export function verifySignature(secret: string, raw: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, raw));
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
