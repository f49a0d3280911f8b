// Requests from another client address: the test service listens on 127.0.0.1, and any 127.x.y.z is this machine's
// too, so a connection bound to 127.0.0.2 really arrives from another address (no proxy header, nothing faked).
import http from 'node:http';
import type { Res } from './http.ts';

export function postFrom<T = any>(address: string, baseUrl: string, path: string, body: unknown): Promise<Res<T>> {
  const url = new URL(path, baseUrl);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, String(one));
          }
          resolve({
            status: res.statusCode!,
            body: (text && (res.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text) as T,
            headers,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
