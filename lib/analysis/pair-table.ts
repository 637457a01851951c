/** A cache keyed by an unordered pair of small integer ids (nested maps: numeric keys stay fast). */
export class PairTable<T> {
  private rows = new Map<number, Map<number, T>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(a: number, b: number): T | undefined {
    return a < b ? this.rows.get(a)?.get(b) : this.rows.get(b)?.get(a);
  }

  set(a: number, b: number, value: T): void {
    if (++this.size > this.limit) {
      this.rows.clear();
      this.size = 1;
    }
    const [low, high] = a < b ? [a, b] : [b, a];
    let row = this.rows.get(low);
    if (row === undefined) {
      row = new Map();
      this.rows.set(low, row);
    }
    row.set(high, value);
  }
}
