#!/usr/bin/env node
// Talking to Hotline as a connected system (docs/integration.md "Signing"), with Node's own modules only.
//
//   node sign-request.mjs post            signs an upstream order and posts it; prints the answer
//   node sign-request.mjs listen [port]   receives Hotline's messages and checks each X-Hotline-Signature
//
// Settings from the environment, the demo's by default (`npm start`): HOTLINE_URL (http://localhost:3000),
// HOTLINE_KEY_ID and HOTLINE_SECRET (your key: demo-upstream / demo-upstream-secret).
/* global Buffer, console, fetch, process -- Node's own (the repository's lint knows no Node globals in .mjs) */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const HOTLINE_URL = process.env.HOTLINE_URL ?? 'http://localhost:3000';
const KEY_ID = process.env.HOTLINE_KEY_ID ?? 'demo-upstream';
const SECRET = process.env.HOTLINE_SECRET ?? 'demo-upstream-secret';

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the value of X-Upstream-Signature and X-Hotline-Signature. */
export function sign(secret, raw) {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** Whether a received signature header is the body's, compared in constant time. */
export function verify(secret, raw, header) {
  const expected = Buffer.from(sign(secret, raw));
  const given = Buffer.from(String(header ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Posts one order as the upstream platform sends it: the bytes signed are the bytes sent. */
export async function postOrder(order, { url = HOTLINE_URL, keyId = KEY_ID, secret = SECRET } = {}) {
  const raw = JSON.stringify(order);
  const res = await fetch(`${url}/api/v1/upstream/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Upstream-Key': keyId, 'X-Upstream-Signature': sign(secret, raw) },
    body: raw,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A receiver of Hotline's messages. `secrets` maps key ids to secrets: look the secret up by X-Hotline-Key, so the
 * old and the new key both work while a key is rotated. Answers 2xx once a message is kept (Hotline then sends
 * the next of its stream), 401 to a bad signature (refused for good: Hotline lists it as failing).
 */
export function receiver(secrets, onMessage = () => {}) {
  const seen = new Set();
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      // Verify the raw bytes, before any JSON.parse: a re-serialised body would not match.
      const raw = Buffer.concat(chunks);
      const secret = secrets[req.headers['x-hotline-key']];
      if (!secret || !verify(secret, raw, req.headers['x-hotline-signature'])) {
        res.writeHead(401).end();
        return;
      }
      const delivery = req.headers['x-hotline-delivery'];
      // A retry of a message already kept (our 2xx was lost on the way): acknowledge it again, handle it once.
      if (!seen.has(delivery)) {
        seen.add(delivery);
        onMessage({
          event: req.headers['x-hotline-event'],
          stream: req.headers['x-hotline-stream'],
          delivery,
          body: JSON.parse(raw.toString('utf8')),
        });
      }
      res.writeHead(204).end();
    });
  });
}

async function main([command, port]) {
  if (command === 'post') {
    const now = new Date();
    const { status, body } = await postOrder({
      upstream_id: `NODE-${now.getTime()}`,
      received_at: now.toISOString(),
      type: 'inquiry',
      title: '咨询新生儿医保参保办理流程',
      description: '来电人咨询新生儿医保参保需要准备哪些材料、在哪里办理。',
      caller_phone: '13800138000',
    });
    console.log(status, JSON.stringify(body));
    if (status >= 300) process.exitCode = 1;
  } else if (command === 'listen') {
    const server = receiver({ [KEY_ID]: SECRET }, (m) => console.log(JSON.stringify(m)));
    server.listen(Number(port ?? 4000), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
  } else {
    console.error('usage: node sign-request.mjs post | listen [port]');
    process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
