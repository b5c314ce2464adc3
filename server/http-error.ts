/** An error with an HTTP status; the API answers it as JSON `{ message }` (plus any `headers`, e.g. Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** More fields for the JSON answer beside `message` (e.g. a pattern error's `position`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
