// The S3-compatible store (docs/rules/attachments.md "Storage") against a real S3 server started by the test
// (s3rver on 127.0.0.1): the store's own round trip, then uploads over HTTP kept in the bucket, read back through
// the API, stored once, while a file kept on the disk before the switch is still read from the disk.
import { expect } from 'chai';
import sharp from 'sharp';
import type { Readable } from 'node:stream';
import { testApp } from '../helpers/test-app.ts';
import { dispatched, hotline, type Hotline } from '../helpers/tickets.ts';
import { startS3, type S3Server } from '../helpers/s3-server.ts';
import { S3BlobStore } from '../../server/domain/attachments/s3-blob-store.ts';
import { AttachmentsService } from '../../server/domain/attachments/attachments.service.ts';
import { BlobStores } from '../../server/domain/attachments/blob-store.ts';
import { sha256Of } from '../../server/domain/attachments/attachment-content.ts';
import type { Services } from '../../server/services.ts';

const read = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('attachments: the S3-compatible store', () => {
  let h: Hotline;
  let s: Services;
  let s3: S3Server;
  let s3Config: NonNullable<Services['config']['attachments']['s3']>;
  before(async function () {
    this.timeout(120_000);
    s = (await testApp()).services;
    h = await hotline();
    s3 = await startS3();
    s3Config = {
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      region: 'us-east-1',
    };
  });
  after(async () => {
    await s3?.stop();
  });

  it('puts, finds and reads an object by its SHA-256, and answers false for one never put', async () => {
    const store = new S3BlobStore(s3Config);
    const bytes = Buffer.from(`report ${Date.now()}`);
    const sha = sha256Of(bytes);
    expect(await store.exists(sha)).to.equal(false);
    await store.put(sha, bytes, 'text/plain');
    await store.put(sha, bytes, 'text/plain'); // a second put of a content is nothing
    expect(await store.exists(sha)).to.equal(true);
    expect((await read(await store.get(sha))).equals(bytes)).to.equal(true);
    // Only a SHA-256 names an object: nothing else becomes a key.
    const refused = await store.get('../etc/passwd').then(
      () => false,
      () => true,
    );
    expect(refused).to.equal(true);
  });

  it('keeps uploads over HTTP in the bucket, reads them back, and still reads files kept on the disk', async () => {
    const t = await dispatched(h);
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), name);
      const res = await fetch(`${h.operator.baseUrl}/api/v1/tickets/${t.id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.operator.token}` },
        body: form,
      });
      expect(res.status).to.equal(201);
      return (await res.json()) as { id: number; sha256: string; thumbnail: boolean };
    };
    const get = async (url: string) => {
      const res = await fetch(`${h.operator.baseUrl}${url}`, {
        headers: { authorization: `Bearer ${h.operator.token}` },
      });
      expect(res.status).to.equal(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const onDisk = await upload(PDF, 'before.pdf');

    const diskService = s.attachments;
    const config = { ...s.config, attachments: { ...s.config.attachments, s3: s3Config } };
    (s as { attachments: AttachmentsService }).attachments = new AttachmentsService({
      db: s.db,
      config,
      writer: (diskService as unknown as { deps: ConstructorParameters<typeof AttachmentsService>[0] }).deps.writer,
      stores: new BlobStores(config.attachments),
    });
    try {
      const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#48c' } })
        .jpeg()
        .toBuffer();
      const a = await upload(photo, 'site.jpg');
      expect(a.thumbnail).to.equal(true);
      const blob = await s.db('attachment_blobs').where({ sha256: a.sha256 }).first();
      expect(blob.store).to.equal('s3');
      const store = new S3BlobStore(s3Config);
      expect(await store.exists(a.sha256)).to.equal(true);
      expect(await store.exists(blob.thumb_sha256)).to.equal(true);
      const back = await get(`/api/v1/attachments/${a.id}`);
      expect(sha256Of(back)).to.equal(a.sha256);
      expect((await sharp(await get(`/api/v1/attachments/${a.id}/thumbnail`)).metadata()).format).to.equal('jpeg');

      // The same content again: one object, one row.
      const again = await upload(photo, 'again.jpg');
      expect(again.sha256).to.equal(a.sha256);
      expect(await s.db('attachment_blobs').where({ sha256: a.sha256 })).to.have.length(1);

      // Kept on the disk before the switch, read from the disk still.
      expect((await get(`/api/v1/attachments/${onDisk.id}`)).equals(PDF)).to.equal(true);
      expect((await s.db('attachment_blobs').where({ sha256: onDisk.sha256 }).first()).store).to.equal('disk');
    } finally {
      (s as { attachments: AttachmentsService }).attachments = diskService;
    }
  });
});
