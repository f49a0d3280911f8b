// The telephone system's side of a play (docs/rules/attachments.md "Call recordings"): the address of a recording
// from RECORDING_URL and its reference, and one GET of it, streamed, with the listener's range passed through.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';

/**
 * The recording's address: `{ref}` replaced by the reference URL-encoded (a `/` becomes %2F). The reference was
 * checked when stored (calls.schemas.ts recordingRef); the address must still be on the template's own host and
 * under its own path, or nothing is asked (a template or a reference that would lead elsewhere).
 */
export function recordingUrl(template: string, ref: string): URL | null {
  const url = new URL(template.replaceAll('{ref}', encodeURIComponent(ref)));
  const base = new URL(template.slice(0, template.indexOf('{ref}')));
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  return url;
}

/** Only a plain byte range is passed on (`bytes=0-`, `bytes=100-199`, `bytes=-500`); anything else is dropped. */
export function byteRange(header: string | undefined): string | undefined {
  return header && header.length <= 100 && /^bytes=(\d*-\d*)(,\s*\d*-\d*)*$/.test(header) ? header : undefined;
}

/**
 * GETs the recording, resolving with the telephone system's answer once its headers came (the body not yet read).
 * The socket may stay silent for `timeoutMs` at most: before the answer that rejects, during the audio it cuts the
 * stream. Rejects when the telephone system cannot be reached.
 */
export function fetchRecording(
  url: URL,
  opts: { token?: string; range?: string; timeoutMs: number },
): Promise<IncomingMessage> {
  const headers: Record<string, string> = { accept: 'audio/*, */*;q=0.5' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.range) headers.range = opts.range;
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, timeout: opts.timeoutMs }, resolve);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
  });
}
