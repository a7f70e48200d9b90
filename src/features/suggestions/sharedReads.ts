/**
 * Identical reads in flight at the same moment share one round trip, across requests (a process-wide map of the
 * reads under way by key; a key leaves it when its read settles, so nothing is kept: this is no cache). The key
 * says everything the answer depends on (the statement's inputs); a read that started before a write committed is
 * only joined while it is still under way.
 */
export class SharedReads<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /**
   * Splits a batch's keys (undefined: nothing to read) into those another caller is reading now (`joined`: their
   * promises, by position) and those this caller reads (`own` positions, now in flight for others to join). Call
   * `settle` once with this caller's answers by position, or the error its read failed with.
   */
  claim(keys: readonly (string | undefined)[]): {
    joined: Map<number, Promise<T>>;
    own: number[];
    settle: (answers: ReadonlyMap<number, T> | Error) => void;
  } {
    const joined = new Map<number, Promise<T>>();
    const own: { index: number; key: string; resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
    keys.forEach((key, index) => {
      if (key === undefined) return;
      const under = this.inFlight.get(key);
      if (under) {
        joined.set(index, under);
        return;
      }
      let resolve!: (value: T) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined); // a failure nobody joined is this caller's to report, not an unhandled one
      this.inFlight.set(key, promise);
      own.push({ index, key, resolve, reject });
    });
    let settled = false;
    return {
      joined,
      own: own.map((o) => o.index),
      settle: (answers) => {
        if (settled) return;
        settled = true;
        for (const o of own) {
          this.inFlight.delete(o.key);
          if (answers instanceof Error) o.reject(answers);
          else o.resolve(answers.get(o.index) as T);
        }
      },
    };
  }

  /** Reads under way now. */
  get size(): number {
    return this.inFlight.size;
  }
}
