/** What a command may do with the place it runs in. Two adapters: GitHub Actions and CLI/container. */
import type { Logger } from '../data/logger.js';

export interface AnnotationProps {
  title?: string;
  file?: string;
}

export type OutputValue = string | number | boolean;

/** A command's runtime is its logger too: `info`, `warning`, `error`, `debug` as in Logger. */
export interface Runtime extends Logger {
  readonly kind: 'actions' | 'cli';
  debug(message: string): void;
  info(message: string): void;
  notice(message: string, props?: AnnotationProps): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  setOutput(name: string, value: OutputValue): void;
  /** Appends markdown to the job summary (Actions) or prints it at the end (CLI). */
  summary(markdown: string): Promise<void>;
  /** Masks a value in everything written from now on. */
  setSecret(value: string): void;
}
