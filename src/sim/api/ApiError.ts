/**
 * Errors as kube-apiserver sends them: an HTTP status code plus a `Status` object with reason,
 * message and details. Everything in the simulator that refuses a request throws an ApiError;
 * the HTTP layer writes `toStatus()` as the body, so every refusal has the real server's shape.
 */
import type { ResourceType } from '../resources.ts';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict'
  | 'Gone' | 'Expired' | 'Invalid' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge' | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable' | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

/** `deployments.apps` / `pods`: how kube names a resource in messages. */
export function qualifiedResource(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group === '' ? t.resource : `${t.resource}.${t.group}`;
}

function detailsFor(t: Pick<ResourceType, 'group' | 'resource'>, name: string): StatusDetails {
  return t.group === '' ? { name, kind: t.resource } : { name, group: t.group, kind: t.resource };
}

export const errors = {
  notFound(t: Pick<ResourceType, 'group' | 'resource'>, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, detailsFor(t, name));
  },
  /** No handler for the path under /api or /apis: an unknown group, version, resource or subresource. */
  resourceNotFound(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  },
  alreadyExists(t: Pick<ResourceType, 'group' | 'resource'>, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualifiedResource(t)} "${name}" already exists`, detailsFor(t, name));
  },
  conflict(t: Pick<ResourceType, 'group' | 'resource'>, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": ${why}`, detailsFor(t, name));
  },
  invalid(t: Pick<ResourceType, 'group' | 'kind'>, name: string, message: string, causes: StatusCause[]): ApiError {
    const details: StatusDetails = { name, kind: t.kind, causes };
    if (t.group !== '') details.group = t.group;
    return new ApiError(422, 'Invalid', message, details);
  },
  badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  },
  unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  },
  forbidden(message: string, t?: Pick<ResourceType, 'group' | 'resource'>, name = ''): ApiError {
    return new ApiError(403, 'Forbidden', message, t ? detailsFor(t, name) : undefined);
  },
  methodNotAllowed(): ApiError {
    return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  },
  expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  },
  unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got ${JSON.stringify(contentType)}`);
  },
  tooManyRequests(retryAfterSeconds: number): ApiError {
    return new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  },
  internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
  },
  serviceUnavailable(message = 'the server is currently unable to handle the request'): ApiError {
    return new ApiError(503, 'ServiceUnavailable', message);
  },
  timeout(message: string): ApiError {
    return new ApiError(504, 'Timeout', message);
  },
};
