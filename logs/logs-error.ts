/**
 * A rejected logs request, with the HTTP status the API answers it with (400 InvalidParameter, 404
 * ResourceNotFound, 409 ResourceAlreadyExists, 413 too large), as CloudWatch Logs names them in `code`.
 */
export class LogsError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    readonly code:
      'InvalidParameterException' | 'ResourceNotFoundException' | 'ResourceAlreadyExistsException' | 'RequestTooLarge',
    message: string,
  ) {
    super(message);
    this.name = 'LogsError';
  }
}

export const invalid = (message: string): LogsError => new LogsError(400, 'InvalidParameterException', message);
