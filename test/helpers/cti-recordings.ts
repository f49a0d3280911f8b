// A telephone system's recording store of the tests' own: a real HTTP server on 127.0.0.1 serving small WAV files
// (a RIFF header and silence) under /recordings/<ref>, with byte ranges as an audio player asks for them, and a log
// of every request it received (the path as sent, the headers).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A mono 8 kHz 16-bit WAV of `samples` samples of silence: 44 bytes of header, then zeros. */
export function silentWav(samples = 8000): Buffer {
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16); // the fmt chunk's size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24); // sample rate
  b.writeUInt32LE(16_000, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  return b;
}

export interface CtiRequest {
  /** The path and query exactly as the request line carried them (not decoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface CtiRecordings {
  /** `http://127.0.0.1:<port>/recordings/{ref}`: the RECORDING_URL of this store. */
  template: string;
  requests: CtiRequest[];
  /** Serves `wav` at /recordings/<encoded ref>. */
  put(ref: string, wav: Buffer): void;
  close(): Promise<void>;
}

export async function ctiRecordings(): Promise<CtiRecordings> {
  const files = new Map<string, Buffer>();
  const requests: CtiRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such recording');
      return;
    }
    const base = { 'content-type': 'audio/wav', 'accept-ranges': 'bytes' };
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (!m || (m[1] === '' && m[2] === '')) {
      res.writeHead(200, { ...base, 'content-length': file.length }).end(file);
      return;
    }
    const start = m[1] === '' ? Math.max(0, file.length - Number(m[2])) : Number(m[1]);
    const end = m[1] === '' || m[2] === '' ? file.length - 1 : Math.min(Number(m[2]), file.length - 1);
    if (start >= file.length || start > end) {
      res.writeHead(416, { 'content-range': `bytes */${file.length}` }).end();
      return;
    }
    res
      .writeHead(206, {
        ...base,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${file.length}`,
      })
      .end(file.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    template: `http://127.0.0.1:${port}/recordings/{ref}`,
    requests,
    put: (ref, wav) => files.set(`/recordings/${encodeURIComponent(ref)}`, wav),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
