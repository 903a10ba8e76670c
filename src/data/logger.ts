/**
 * The one logging interface (after github/codeql-action's logging.ts). Two implementations: the
 * runtime of a command (src/runtime: Actions annotations and groups, or plain CLI lines) and a job's
 * own (the spot poll's PollLog extends it). It lives here, at the bottom, because domain code logs
 * and may not import src/runtime.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Folding of what follows, where the runtime has it (Actions log groups). */
  startGroup?(name: string): void;
  endGroup?(): void;
}
