// The bare limit for the dashboard benchmark: a ws server that relays each POSTed body to every client, nothing
// else (no database, no computation). Run as a child by bench/dashboard-latency.bench.ts.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // Answer first, then send, as the service answers at commit and its hub sends after: both are timed from
    // the answer.
    const body = Buffer.concat(chunks);
    res.statusCode = 204;
    res.end(() => {
      for (const c of wss.clients) c.send(body, { binary: false });
    });
  });
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send('{"type":"hello"}')));
server.listen(Number(process.env.PORT), '127.0.0.1');
