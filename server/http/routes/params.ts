import { errors } from '../../lib/errors.ts';

/** A numeric route parameter; anything else names no record, so it is a 404 like an unknown id. */
export function idOf(value: string | undefined): number {
  const n = Number(value);
  if (!value || !/^\d{1,10}$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw errors.notFound();
  return n;
}
