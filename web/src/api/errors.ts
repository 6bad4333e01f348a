import type { ErrorShape } from './types';

// The server's error shape: {"error": {code, key, message, details, request_id}}.

export type ErrorBody = ErrorShape['error'];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly key: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string;

  constructor(status: number, body: Partial<ErrorBody>) {
    super(body.message || body.key || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'unavailable' : 'internal');
    this.key = body.key ?? (status === 0 ? 'network.offline' : 'network.unknown');
    this.details = body.details ?? {};
    this.requestId = body.request_id ?? '';
  }

  /** The request field the error is about (details.field), if any. */
  get field(): string | undefined {
    const f = this.details.field;
    return typeof f === 'string' ? f : undefined;
  }
}

function errorBody(error: unknown): Partial<ErrorBody> {
  if (error && typeof error === 'object' && 'error' in error) {
    const e = (error as { error: unknown }).error;
    if (e && typeof e === 'object') return e as Partial<ErrorBody>;
  }
  return {};
}

type Result<D> = { data?: D; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws ApiError (status 0 when the
 * server could not be reached).
 */
export async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, { message: e instanceof Error ? e.message : String(e) });
  }
  if (!result.response.ok) throw new ApiError(result.response.status, errorBody(result.error));
  return result.data as D;
}
