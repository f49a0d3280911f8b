// Validation at the edge: zod schemas reject unknown fields and report every problem with its path.
import type { ZodType } from 'zod';
import { errors } from '../../lib/errors.ts';

export function parse<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw errors.validation(
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}
