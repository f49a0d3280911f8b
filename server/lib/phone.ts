// Phone numbers as stored: the national number in digits, so one caller always matches themself whether the
// telephone system sends +86 138 0013 8000, 0086-13800138000, 8613800138000 or 138-0013-8000. Call records,
// callbacks, tickets and the duplicate look-up all compare numbers as this function leaves them.
import { z } from 'zod';

const SEPARATORS = /[\s().-]/g;
const MOBILE = /^1[3-9]\d{9}$/;
// Area code (10, 2x, or three digits from 3) and a 7-8 digit subscriber number; 400/800 numbers have no trunk 0.
const LANDLINE = /^(10|2\d|[3-9]\d{2})\d{7,8}$/;
const NO_TRUNK = /^[48]00/;
const MAX_DIGITS = 20;

/**
 * The national number of a number as dialled, or null when it is not a phone number: spaces, dashes, dots and
 * brackets dropped (full-width digits typed with a Chinese input method read as digits); the country code +86 /
 * 0086 removed, a landline then getting its trunk 0 back (+86 10 → 010); a bare 86 removed only before a mobile
 * number (86 138…, 13 digits), since a local number may begin with 86. Other countries keep their + or 00.
 */
export function normalisePhone(raw: string): string | null {
  const s = raw.normalize('NFKC').trim().replace(SEPARATORS, '');
  if (!/^\+?\d{3,}$/.test(s)) return null;
  let national = s;
  if (s.startsWith('+86')) national = s.slice(3);
  else if (s.startsWith('0086')) national = s.slice(4);
  else if (s.startsWith('86') && MOBILE.test(s.slice(2))) national = s.slice(2);
  if (national !== s && LANDLINE.test(national) && !NO_TRUNK.test(national)) national = `0${national}`;
  if (national.length < 3 || national.replace('+', '').length > MAX_DIGITS) return null;
  return national;
}

/** No number at all: empty, or words instead of digits (anonymous, unknown, withheld, 隐藏号码 …). */
export function isWithheld(raw: string | null | undefined): boolean {
  return raw === null || raw === undefined || !/\d/.test(raw);
}

const INVALID = 'field.phone';

/** A phone number typed or sent in, normalised (normalisePhone); anything else is a validation problem. */
export const phoneField = () =>
  z.string().transform((v, ctx) => {
    const n = normalisePhone(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: INVALID });
      return z.NEVER;
    }
    return n;
  });

/** A mainland mobile number (a liaison's, for SMS), normalised; a landline or a foreign number will not do. */
export const mobileField = () =>
  z.string().transform((v, ctx) => {
    const n = normalisePhone(v);
    if (n === null || !MOBILE.test(n)) {
      ctx.addIssue({ code: 'custom', message: 'field.mobile' });
      return z.NEVER;
    }
    return n;
  });

/**
 * The caller of a call record: a number, normalised, or null when the caller withheld it (the telephone
 * system sends an empty string, null or a word such as "anonymous"). Digits mixed with other text are refused.
 */
export const callerField = () =>
  z
    .string()
    .nullable()
    .optional()
    .transform((v, ctx) => {
      if (isWithheld(v)) return null;
      const n = normalisePhone(v!);
      if (n === null) {
        ctx.addIssue({ code: 'custom', message: INVALID });
        return z.NEVER;
      }
      return n;
    });
