/** A Logger (src/data/logger.ts) that keeps what it is told, for tests that read a run's log. */
import { type Logger, silentLogger } from '../../src/data/logger.js';

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
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: (_name, fn) => fn(),
  };
}

/** A Logger that appends its info lines to `lines` and drops the rest. */
export const infoInto = (lines: string[]): Logger => ({ ...silentLogger, info: (m) => lines.push(m) });

/** A Logger that passes each retail progress line (`done/total · …`) to `onLine` and drops the rest. */
export const progressInto = (onLine: (line: string) => void): Logger => ({
  ...silentLogger,
  info: (m) => {
    if (/^\d+\/\d+ · /.test(m)) onLine(m);
  },
});
