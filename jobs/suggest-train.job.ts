// 03:30 every night, and once at start: the suggested dispatch learns again from the city's orders, in the quiet
// of the night rather than on an operator's first request. The model lives in each instance's memory, so this
// refreshes the instance that takes the lease; the others refresh themselves in the background once their model
// is a day old (suggest.service.ts). Safe to run twice: it only reads.
import type { JobDeps } from './job.ts';

export const name = 'suggest-train';
export const schedule = '30 3 * * *';

export async function run({ services }: JobDeps) {
  const model = await services.suggest.train();
  return { orders: model.orders };
}
