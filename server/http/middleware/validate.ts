// Validation at the edge: zod schemas reject unknown fields and report every problem with its path.
import type { ZodType } from 'zod';
import { errors } from '../../lib/errors.ts';

export function parse<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw errors.validation(
    result.error.issues.flatMap((i) =>
      // An unknown field is a problem of that field: one detail per key, with the key in its path.
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: [...i.path, k].map(String).join('.'), message: '不允许的字段 / unknown field' }))
        : [{ path: i.path.map(String).join('.'), message: i.message }]),
  );
}
