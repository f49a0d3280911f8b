// Validation at the edge: zod schemas reject unknown fields and report every problem with its path.
import { z, type ZodType } from 'zod';
import { detail, errors, type ErrorDetail, type MessageKey, type Params } from '../../lib/errors.ts';
import { isMessageKey } from '../../i18n/index.ts';

// Zod's own words are English and technical ("Too small: expected string to have >=1 characters"); a person reads
// these under a field, so each issue names a message of the catalogue (server/i18n/validation.ts), worded with
// the issue's bounds. A schema's own message (a key of the catalogue) still wins.
const FORMATS: Record<string, MessageKey> = { email: 'field.email', date: 'field.date' };
z.config({
  customError: (iss) => {
    const i = iss as typeof iss & {
      origin?: string;
      minimum?: number | bigint;
      maximum?: number | bigint;
      inclusive?: boolean;
      format?: string;
      values?: unknown[];
    };
    switch (i.code) {
      case 'invalid_type':
        return i.input === undefined ? 'field.required' : 'field.wrongType';
      case 'too_small':
        if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'field.notEmpty' : 'field.minChars';
        if (i.origin === 'number') return i.inclusive ? 'field.atLeast' : 'field.moreThan';
        return undefined;
      case 'too_big':
        if (i.origin === 'string') return 'field.maxChars';
        if (i.origin === 'number') return i.inclusive ? 'field.atMost' : 'field.lessThan';
        return undefined;
      case 'invalid_format':
        return FORMATS[i.format ?? ''] ?? 'field.format';
      case 'invalid_value':
        return 'field.oneOf';
      default:
        return undefined;
    }
  },
});

/** What the message of an issue may name: its bounds, the expected type or values, and a refinement's params. */
function issueParams(i: z.core.$ZodIssue): Params {
  type Bounds = {
    minimum?: number | bigint;
    maximum?: number | bigint;
    expected?: string;
    values?: unknown[];
    params?: Params;
  };
  const x = i as z.core.$ZodIssue & Bounds;
  const params: Params = { ...x.params };
  if (x.minimum !== undefined) params.minimum = Number(x.minimum);
  if (x.maximum !== undefined) params.maximum = Number(x.maximum);
  if (x.expected !== undefined) params.expected = String(x.expected);
  if (x.values !== undefined) params.values = x.values.map(String);
  return params;
}

/** Each issue as a field's problem: one detail per unknown key, with the key in its path. */
export function issueDetails(issues: z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => detail([...i.path, k].map(String).join('.'), 'field.unknown'));
    }
    const path = i.path.map(String).join('.');
    if (!isMessageKey(i.message)) return [{ path, message: i.message }];
    const params = issueParams(i);
    return [detail(path, i.message, Object.keys(params).length ? params : undefined)];
  });
}

export function parse<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw errors.validation(issueDetails(result.error.issues));
}
