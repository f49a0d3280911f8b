// The address a request came from, for domain rules that count per client (ratings no longer do: a service
// hall's residents share one address, docs/rules/reviews.md). The public endpoints' rate limiter (http/middleware/rate-limit.ts) runs what it
// lets through inside this context, so a service can read it without every route passing it down.
import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<string>();

export function withClientAddress<T>(address: string, fn: () => Promise<T>): Promise<T> {
  return store.run(address, fn);
}

/** The client's address, or undefined outside a request that went through the public rate limiter. */
export function clientAddress(): string | undefined {
  return store.getStore();
}
