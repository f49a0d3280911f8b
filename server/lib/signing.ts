// Signs short values (the static QR codes' tokens) with the service's SECRET. The secret is known only after
// bootstrap has read or generated it, so services receive this holder and bootstrap fills it in.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class Signer {
  private key: Buffer | null = null;

  setSecret(secret: string): void {
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A URL-safe signature of `value` (128 bits: enough against forgery, short enough for a QR code). */
  sign(value: string): string {
    if (!this.key) throw new Error('the signing secret is not set (bootstrap has not run)');
    return createHmac('sha256', this.key).update(value).digest('base64url').slice(0, 22);
  }

  verify(value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(value));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
