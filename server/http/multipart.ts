// One file from a multipart/form-data request (busboy), read as it streams with a hard size limit: past the limit
// the rest of the body is drained unread and the upload refused (413), so nothing of it is kept or stored, and a
// client announcing a larger body is refused before it is read. Text fields are short and named by the route.
import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError, detail, errors } from '../lib/errors.ts';

export interface Upload {
  /** The file's name as the client sent it (sanitised by the service). */
  filename: string;
  bytes: Buffer;
  fields: Record<string, string>;
}

/** Room for the multipart framing and the text fields around the file. */
const FRAMING = 64 * 1024;

const tooLarge = (max: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', 'attachments.tooLarge', [detail('file', 'attachments.tooLarge', { max })], {
    max,
  });

/**
 * Reads one file from field `fileField` (required unless `fileOptional`: then `bytes` is empty without one) and the
 * text fields named (`'any'`: every field, for a schema to judge); anything else is a 400 naming it.
 */
export async function readUpload(
  ctx: Context,
  o: { fileField: string; fields: readonly string[] | 'any'; maxBytes: number; fileOptional?: boolean },
): Promise<Upload> {
  if (!ctx.is('multipart/form-data')) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'attachments.multipartOnly');
  }
  const announced = Number(ctx.get('content-length'));
  if (announced > o.maxBytes + FRAMING) {
    // The client is told before it sends the rest; the connection is not kept for a body nobody reads.
    ctx.set('Connection', 'close');
    throw tooLarge(o.maxBytes);
  }
  const named = o.fields === 'any' ? 50 : o.fields.length;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: ctx.req.headers,
      limits: { files: 1, fileSize: o.maxBytes, fields: named, fieldSize: 8 * 1024, parts: named + 2 },
      defParamCharset: 'utf8',
    });
  } catch {
    throw errors.validation([detail('file', 'attachments.multipartOnly')]);
  }
  return new Promise<Upload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const problems: ReturnType<typeof detail>[] = [];
    let file: { filename: string; chunks: Buffer[] } | null = null;
    let files = 0;
    let truncated = false;
    parser.on('file', (name, stream, info) => {
      files += 1;
      if (name !== o.fileField || files > 1) {
        problems.push(detail(name === o.fileField ? name : name || 'file', 'attachments.oneFile'));
        stream.resume();
        return;
      }
      const current = { filename: info.filename ?? '', chunks: [] as Buffer[] };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => {
        truncated = true;
        current.chunks = [];
      });
    });
    parser.on('field', (name, value) => {
      if (o.fields === 'any' || o.fields.includes(name)) fields[name] = value;
      else problems.push(detail(name, 'field.unknown'));
    });
    parser.on('filesLimit', () => problems.push(detail(o.fileField, 'attachments.oneFile')));
    // Past the fields or parts allowed, busboy drops the rest silently: a request with more is refused instead.
    parser.on('fieldsLimit', () => problems.push(detail('', 'field.unknown')));
    parser.on('partsLimit', () => problems.push(detail('', 'field.unknown')));
    parser.on('error', () => reject(errors.validation([detail('file', 'attachments.multipartOnly')])));
    parser.on('close', () => {
      if (truncated) return reject(tooLarge(o.maxBytes));
      if (!file && !o.fileOptional && !problems.length) problems.push(detail(o.fileField, 'field.required'));
      if (problems.length) return reject(errors.validation(problems));
      const f = (file ?? { filename: '', chunks: [] }) as { filename: string; chunks: Buffer[] };
      resolve({ filename: f.filename, bytes: Buffer.concat(f.chunks), fields });
    });
    ctx.req.pipe(parser);
  });
}
