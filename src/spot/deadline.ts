/**
 * The run's time budget (`timeout`, whole run): every upstream call gets an abort signal for its
 * share of what is left, so a hung upstream costs at most that share and the run still has time to
 * try the next provider, the next phase, and to publish. Wall-clock time (not the injected clock):
 * a timeout is about how long the run really takes.
 */

/** Part of the run kept for writing, committing and pushing after the last upstream call. */
const PUBLISH_SHARE = 0.25;

export class Deadline {
  private readonly end: number;

  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.end = now() + timeoutMs * (1 - PUBLISH_SHARE);
  }

  /** Milliseconds left for upstream calls. */
  left(): number {
    return Math.max(0, this.end - this.now());
  }

  /**
   * A signal for one step that may use `fraction` of the time left; it aborts with an error naming
   * the step and the run's timeout.
   */
  share(fraction: number, what: string): AbortSignal {
    const ms = Math.max(1, Math.floor(this.left() * Math.min(1, Math.max(0, fraction))));
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new Error(
            `${what}: no answer within ${(ms / 1000).toFixed(1)} s, its share of the run's ${this.timeoutMs / 1000} s timeout`,
          ),
        ),
      ms,
    );
    timer.unref?.();
    return controller.signal;
  }
}
