// What an upload is, read from its bytes (docs/rules/attachments.md "Types"): file-type's signature, never the name
// or the client's Content-Type (a .jpg that is an .exe or a page of HTML is refused). Images are decoded and written
// again by sharp: turned upright by their EXIF orientation, then stored without EXIF, GPS, XMP or any other
// metadata (a phone's photo carries where it was taken), with a thumbnail. Nothing of the original image is kept.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { detail, errors } from '../../lib/errors.ts';

/** Images sharp re-encodes; their stored type is their own (a PNG stays a PNG). */
const IMAGES: Record<string, 'jpeg' | 'png' | 'webp'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The extension a stored file is named with when its given name has none of its type. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/amr': 'amr',
};

export interface Prepared {
  /** The bytes to store: an image as re-encoded, anything else as uploaded. */
  bytes: Buffer;
  type: string;
  sha256: string;
  thumbnail: { bytes: Buffer; sha256: string; type: string } | null;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const isImage = (type: string) => type in IMAGES;

/** The type the bytes are, when it is one accepted (400 on `file` otherwise). */
export async function typeOf(bytes: Buffer, allowed: readonly string[]): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !allowed.includes(found.mime)) {
    throw errors.validation([detail('file', 'attachments.typeRefused', { allowed: allowed.map(shortName) })]);
  }
  return found.mime;
}

const shortName = (type: string) => EXTENSIONS[type]?.toUpperCase() ?? type;

/** The upload as it is stored: checked by content, an image re-encoded without metadata and thumbnailed. */
export async function prepare(
  bytes: Buffer,
  allowed: readonly string[],
  limits: { thumbnailPx: number; maxPixels: number },
): Promise<Prepared> {
  const type = await typeOf(bytes, allowed);
  const format = IMAGES[type];
  if (!format) return { bytes, type, sha256: sha256Of(bytes), thumbnail: null };
  // Loaded at the first image (some 10 MB of memory): most instances never receive one between restarts.
  const { default: sharp } = await import('sharp');
  try {
    const input = () => sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' }).rotate();
    // sharp writes no metadata unless asked to (withMetadata/keepExif): the output carries pixels only.
    const out = await input()
      [format](format === 'png' ? { compressionLevel: 9 } : { quality: 85 })
      .toBuffer();
    const thumb = await input()
      .resize(limits.thumbnailPx, limits.thumbnailPx, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    return {
      bytes: out,
      type,
      sha256: sha256Of(out),
      thumbnail: { bytes: thumb, sha256: sha256Of(thumb), type: 'image/jpeg' },
    };
  } catch {
    // A file with an image's signature that does not decode (truncated, or too many pixels) is no image to keep.
    throw errors.validation([detail('file', 'attachments.imageUnreadable')]);
  }
}

/**
 * A name to show and to download as: the last part of what the client sent (no folders), without control
 * characters, at most 120 characters keeping its extension; the type's extension when it has none.
 */
export function safeName(original: string, type: string): string {
  const last = original.split(/[\\/]/).pop() ?? '';
  let name = last
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/^\.+/, '');
  const ext = EXTENSIONS[type] ?? 'bin';
  if (!name) name = `attachment.${ext}`;
  // The extension says what the file is (photo.exe that is a JPEG is kept as photo.exe.jpg).
  const given = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (given !== ext && !(ext === 'jpg' && given === 'jpeg')) name = `${name}.${ext}`;
  const chars = [...name];
  if (chars.length > 120) {
    const dot = name.lastIndexOf('.');
    const extPart = [...name.slice(dot)].slice(0, 9).join('');
    name = chars.slice(0, 120 - [...extPart].length).join('') + extPart;
  }
  return name;
}
