/**
 * An error that answers with its status: throw it from a handler or middleware.
 *
 * @example
 * if (!post) throw new HttpError(404, 'Post not found')
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? defaultMessage(status))
    this.name = 'HttpError'
  }
}

/** Throws an `HttpError`: `abort(403)` or `abort(404, 'No such post')`. */
export function abort(status: number, message?: string): never {
  throw new HttpError(status, message)
}

export function defaultMessage(status: number): string {
  return STATUS_TEXT[status] ?? 'Error'
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  419: 'Page Expired',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Server Error',
  503: 'Service Unavailable',
}
