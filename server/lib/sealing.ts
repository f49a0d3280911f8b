// Seals secrets the service must read back (a peer's shared HMAC key signs outbound messages, so it cannot be kept
// as a hash like a device's key): AES-256-GCM under a key derived from SECRET with HKDF. A database copy without
// SECRET holds no usable key. Rotating SECRET makes sealed values unreadable: the peers' keys are then issued again.
// The secret is known only after bootstrap has read or generated it, so services receive this holder.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class Sealer {
  private key: Buffer | null = null;

  setSecret(secret: string): void {
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'hotline:sealed', 32));
  }

  private keyOrThrow(): Buffer {
    if (!this.key) throw new Error('the sealing secret is not set (bootstrap has not run)');
    return this.key;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyOrThrow(), iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The sealed value, or null when it was sealed under another SECRET or altered. */
  unseal(sealed: string): string | null {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keyOrThrow(), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
