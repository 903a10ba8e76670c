/** What a command may do with the place it runs in. Two adapters: GitHub Actions and CLI/container. */
import type { Logger, LogProps } from '../data/logger.js';

export type AnnotationProps = LogProps;

export type OutputValue = string | number | boolean;

/** A command's runtime is its Logger too. */
export interface Runtime extends Logger {
  readonly kind: 'actions' | 'cli';
  setOutput(name: string, value: OutputValue): void;
  /** Appends markdown to the job summary (Actions) or prints it at the end (CLI). */
  summary(markdown: string): Promise<void>;
  /** Masks a value in everything written from now on. */
  setSecret(value: string): void;
}
