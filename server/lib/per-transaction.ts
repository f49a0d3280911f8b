// Values that belong to one transaction: read once or summed for a batch's many statements, and gone with it (the
// transaction object is the key of a WeakMap, so nothing outlives it and nothing leaks into another).
import type { Executor } from './db.ts';

export class PerTransaction<K, V> {
  private readonly maps = new WeakMap<Executor, Map<K, V>>();

  /** The transaction's map, made on first use. */
  of(trx: Executor): Map<K, V> {
    let map = this.maps.get(trx);
    if (!map) this.maps.set(trx, (map = new Map()));
    return map;
  }

  /** The transaction's map, if anything made it. */
  peek(trx: Executor): Map<K, V> | undefined {
    return this.maps.get(trx);
  }

  /** The value of `key` in this transaction, made by `make` the first time only. */
  once(trx: Executor, key: K, make: () => V): V {
    const map = this.of(trx);
    if (!map.has(key)) map.set(key, make());
    return map.get(key)!;
  }

  /** Takes the transaction's map away: what it held is the caller's now. */
  take(trx: Executor): Map<K, V> | undefined {
    const map = this.maps.get(trx);
    this.maps.delete(trx);
    return map;
  }
}
