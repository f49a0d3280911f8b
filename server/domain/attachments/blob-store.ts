// Where an attachment's bytes live, named by their SHA-256 (docs/rules/attachments.md "Storage"): one file per
// content, written once and never changed, so a store needs no locking and a second write of a name is a no-op.
import type { Readable } from 'node:stream';
import type { Config } from '../../../config/default.ts';
import { DiskBlobStore } from './disk-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

export type StoreKind = 'disk' | 's3';

export interface BlobStore {
  /** What attachment_blobs.store records, so a file is read from where it was put after the setting changes. */
  readonly kind: StoreKind;
  /** Keeps the bytes under their SHA-256; whole or not at all (a crash leaves no half file under the name). */
  put(sha256: string, bytes: Buffer, type: string): Promise<void>;
  /** The stored bytes as a stream; throws when the name is unknown. */
  get(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
}

/** A SHA-256 in hex, the only name a store accepts (it becomes a path or a key). */
export const SHA256 = /^[0-9a-f]{64}$/;

export function assertName(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 name: ${sha256}`);
}

/** The stores of this service: new files go to `current`; `of(kind)` reads a file where its row says it is. */
export class BlobStores {
  readonly current: BlobStore;
  private readonly all = new Map<StoreKind, BlobStore>();

  constructor(config: Config['attachments']) {
    const disk = new DiskBlobStore(config.dir);
    this.all.set('disk', disk);
    if (config.s3) this.all.set('s3', new S3BlobStore(config.s3));
    this.current = this.all.get(config.s3 ? 's3' : 'disk')!;
  }

  of(kind: string): BlobStore {
    const store = this.all.get(kind as StoreKind);
    if (!store) throw new Error(`attachment store ${kind} is not configured (ATTACHMENTS_S3_*)`);
    return store;
  }
}
