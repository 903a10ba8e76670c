/** What a command may do with the place it runs in. Two adapters: GitHub Actions and CLI/container. */

export interface AnnotationProps {
  title?: string;
  file?: string;
}

export type OutputValue = string | number | boolean;

export interface Runtime {
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

/** Replaces every registered secret in text with `***`. Used by the CLI adapter and for error messages. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string): void {
    // Very short values would mask innocent text everywhere; nobody's token is that short.
    if (value.length >= 4) this.secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value && encoded.length >= 4) this.secrets.add(encoded);
    const b64 = Buffer.from(`x-access-token:${value}`).toString('base64');
    this.secrets.add(b64);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}
