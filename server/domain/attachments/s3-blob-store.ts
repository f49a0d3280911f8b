// An S3-compatible store (AWS S3, MinIO, Ceph…; ATTACHMENTS_S3_*): path-style addresses, since a self-hosted store
// rarely has a DNS name per bucket. The object key is the SHA-256 in its two-character folder, as on the disk; an
// object appears whole or not at all (S3's own guarantee for a PUT).
import type { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Config } from '../../../config/default.ts';
import { assertName, type BlobStore } from './blob-store.ts';

export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly bucket: string;
  // The SDK is loaded only where S3 is configured: some 8 MB of memory a service storing on disk does not need.
  private readonly sdk: Promise<{ s3: typeof import('@aws-sdk/client-s3'); client: S3Client }>;

  constructor(s3: NonNullable<Config['attachments']['s3']>) {
    this.bucket = s3.bucket;
    this.sdk = import('@aws-sdk/client-s3').then((sdk) => ({
      s3: sdk,
      client: new sdk.S3Client({
        endpoint: s3.endpoint,
        region: s3.region,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
      }),
    }));
  }

  private keyOf(sha256: string): string {
    assertName(sha256);
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(sha256: string, bytes: Buffer, type: string): Promise<void> {
    if (await this.exists(sha256)) return;
    const { s3, client } = await this.sdk;
    await client.send(
      new s3.PutObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256), Body: bytes, ContentType: type }),
    );
  }

  async get(sha256: string): Promise<Readable> {
    const { s3, client } = await this.sdk;
    const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
    // In Node the SDK's body is an IncomingMessage, a Readable already.
    return out.Body as Readable;
  }

  async exists(sha256: string): Promise<boolean> {
    const { s3, client } = await this.sdk;
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (err instanceof s3.NotFound || (err as S3ServiceException).$metadata?.httpStatusCode === 404) return false;
      throw err;
    }
  }
}
