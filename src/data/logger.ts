/**
 * The one logging interface (after github/codeql-action's logging.ts), passed to every domain
 * function. Two implementations live in src/runtime (Actions annotations and log groups, or plain
 * CLI/JSON lines); tests use a collecting one. It lives here, at the bottom, because domain code logs
 * and may not import src/runtime.
 */
export interface LogProps {
  /** The annotation's title where the runtime has annotations (Actions). */
  title?: string;
  /** The file the annotation is about. */
  file?: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** A line the user should see apart from progress (an Actions notice). */
  notice(message: string, props?: LogProps): void;
  warning(message: string, props?: LogProps): void;
  error(message: string, props?: LogProps): void;
  /** Runs `fn` inside a folded log group where the runtime has them; otherwise just runs it. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A Logger that drops everything (a server the demo runs for itself). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  notice() {},
  warning() {},
  error() {},
  group: (_name, fn) => fn(),
};
