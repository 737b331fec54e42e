/**
 * What was parsed from rows that never change (a revision's spec, an observation's state), kept by
 * row id so a read repeated every second does not fetch and parse them again. Bounded: past `max`
 * entries the oldest go first.
 */
export class ImmutableRowCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }
}
