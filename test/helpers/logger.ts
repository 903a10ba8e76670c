/** A Logger (src/data/logger.ts) that keeps what it is told, for tests that read a run's log. */
import type { Logger } from '../../src/data/logger.js';

export interface CollectingLogger extends Logger {
  /** Every message, in order: info as given, the other levels prefixed `warning: ` and so on. */
  lines: string[];
}

export function collectingLogger(): CollectingLogger {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}
