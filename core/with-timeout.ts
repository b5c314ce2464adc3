/** What `withTimeout` rejects with when the time is up. */
export class TimeoutExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutExceededError';
  }
}

/**
 * Settles like `promise`, or rejects with a TimeoutExceededError after `ms` (`message`, default
 * `timed out after <ms> ms`). The promise itself is not cancelled; a late rejection of it is swallowed.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutExceededError(message ?? `timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
