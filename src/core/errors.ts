/** An expected refusal: shown to the member as a short message, never logged as a failure. */
export class DojoUserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DojoUserError';
  }
}

export const refuse = (code: string, message: string): never => {
  throw new DojoUserError(code, message);
};

export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string): Result<T> => ({ ok: false, code, message });

/**
 * A delivery that names another workspace's message, round, answer or challenge (a hand-built
 * payload, or a platform bug). The delivery is refused whole: its transaction rolls back, the
 * operator gets a log line, the sender hears nothing.
 */
export class ForeignTargetError extends Error {
  constructor(readonly target: string) {
    super(`the delivery names a ${target} of another workspace`);
    this.name = 'ForeignTargetError';
  }
}
