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
