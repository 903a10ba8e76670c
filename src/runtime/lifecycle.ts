/**
 * The process lifecycle, in one place: the exit codes, which signals stop a command (SIGTERM,
 * SIGINT), what a second one does (exit at once) and the only `process.exit`. Commands never listen
 * for signals nor exit: a command that runs until stopped (serve, daemon, demo) is handed an
 * AbortSignal that aborts on the first stop signal, with the signal's name as its reason.
 */

export const EXIT = {
  ok: 0,
  /** The command failed (its error is reported), or a second stop signal cut it short. */
  failed: 1,
  /** An input was rejected before any work. */
  invalidInput: 2,
} as const;

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What the process's own command run is given (a `RunContext` of runtime/command.ts). */
export interface ProcessContext {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  ownsProcess: true;
  onError?: (error: { title?: string; message: string }) => void;
}

/** The message a child process sends its parent for each error its command reports (redacted). */
export interface ChildError {
  type: 'staktrakr:error';
  title?: string;
  message: string;
}

/**
 * A process's main (each bundle's entry, the CLI): runs with the process's arguments and environment
 * as the process's own command, and leaves its exit code to the process. Started with an IPC channel
 * (the daemon's serve child, a cluster worker), it sends each error it reports to its parent, as
 * data, and closes the channel at the end, which would otherwise keep the process alive.
 */
export async function runProcess(main: (context: ProcessContext) => Promise<number>): Promise<void> {
  const sent: Promise<void>[] = [];
  const toParent = (error: { title?: string; message: string }) => {
    if (!process.connected) return;
    const message: ChildError = { type: 'staktrakr:error', ...error };
    // A parent gone is no reason to fail: the error is in the log anyway.
    sent.push(new Promise((done) => process.send?.(message, undefined, {}, () => done())));
  };
  process.exitCode = await main({
    argv: process.argv.slice(2),
    env: process.env,
    ownsProcess: true,
    onError: process.send ? toParent : undefined,
  });
  await Promise.all(sent);
  if (process.connected) process.disconnect();
}

export interface StopSignals {
  /** Aborts on the first SIGTERM or SIGINT; `reason` is the signal's name. */
  readonly signal: AbortSignal;
  /** Stops listening: the signals end the process again as they do by default. */
  dispose(): void;
}

/**
 * Listens for the stop signals while a command runs. The first one aborts `signal`; a second one
 * means "now": `onSecond` says so and the process exits with EXIT.failed without waiting (the next
 * start recovers what was cut short: stale lock, temporary files, unpushed work).
 */
export function listenForStop(onSecond: (signal: NodeJS.Signals) => void): StopSignals {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      onSecond(signal);
      exitNow(EXIT.failed);
    }
    controller.abort(signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}

/**
 * Ends the process now. Used for a second stop signal, and when a command stopped by a signal has
 * returned: what it left behind (a run past its grace period, an open channel) must not keep it alive.
 */
export function exitNow(code: number): never {
  process.exit(code);
}

/** Resolves with the reason (the signal's name) once `signal` aborts; at once when it already has. */
export function whenStopped(signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(String(signal.reason));
    else signal.addEventListener('abort', () => resolve(String(signal.reason)), { once: true });
  });
}

/** The stop signal of a run nothing stops (a job inside the daemon, a step of the demo). */
export const NEVER_STOPPED: AbortSignal = new AbortController().signal;
