// A real S3-compatible server for the tests (s3rver, on 127.0.0.1 with a folder of its own), with one bucket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (o: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

// s3rver is CommonJS without types: the little the tests use is typed here.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The folder s3rver keeps objects in (to prove a file went there and not to the disk store). */
  directory: string;
  stop(): Promise<void>;
}

export async function startS3(bucket = 'hotline-attachments'): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    directory,
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
