// The default store: files under ATTACHMENTS_DIR named by SHA-256 in two-character folders (ab/abcdef…), so no
// folder grows past a few thousand entries. Written to a temporary file in the same folder and renamed: a crash
// mid-write leaves a temporary file, never a half file under a content's name.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { assertName, type BlobStore } from './blob-store.ts';

export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk' as const;

  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    assertName(sha256);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.exists(sha256)) return;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await fs.open(temp, 'wx', 0o640);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      // Two uploads of one content may race here: both files hold the same bytes, the last rename wins.
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async get(sha256: string): Promise<Readable> {
    const file = await fs.open(this.pathOf(sha256), 'r');
    return createReadStream('', { fd: file, autoClose: true });
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
