/** Errors shared across layers: domain code throws them, the runtime recognises them (src/runtime re-exports). */

/** A bad input: the message names the input and says what was expected; the command exits 2 before any work. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
