/**
 * One writer per working clone, inside the daemon: tasks on the same clone run one at a time in
 * arrival order (the original lost data to a `reset --hard` job racing its publisher). The git lock
 * beside `.git` (`.staktrakr.lock`) still guards the clone against other processes.
 */
export class CloneQueues {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly holders = new Map<string, string>();

  /** Name of the task running on a clone, if any. */
  holder(clone: string): string | undefined {
    return this.holders.get(clone);
  }

  run<T>(clone: string, name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(clone) ?? Promise.resolve();
    const result = previous.then(async () => {
      this.holders.set(clone, name);
      try {
        return await task();
      } finally {
        this.holders.delete(clone);
      }
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(clone, tail);
    void tail.then(() => {
      if (this.tails.get(clone) === tail) this.tails.delete(clone);
    });
    return result;
  }
}
