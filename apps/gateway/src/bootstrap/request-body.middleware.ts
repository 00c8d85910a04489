import { HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@relais/contracts';
import { jsonShapeProblems } from '@relais/engine';
import { invalidRequest } from '../api/errors/invalid-request';
import { noteRequestProblem } from '../api/errors/request-problem';

/** The media types whose bodies the gateway parses: JSON and its `+json` kin (`application/merge-patch+json`). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

type BodyRequest = IncomingMessage & { body?: unknown };
type Middleware = (request: BodyRequest, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * 400 for a path that is not valid percent-encoded UTF-8 (`/api/runs/%FF`). Express's router would fail the same
 * way, but with `Failed to decode param '%FF'` and no field: this names the path and the segment at fault.
 */
export function pathEncodingCheck(): Middleware {
  return (request, _response, next) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    for (const segment of path.split('/')) {
      try {
        decodeURIComponent(segment);
      } catch (_malformed) {
        next(invalidRequest({ path: [`the segment "${shown(segment)}" is not valid percent-encoded UTF-8`] }));
        return;
      }
    }
    next();
  };
}

/**
 * A request that carries a body must say it is JSON: a `text/plain`, XML, multipart or form body used to be
 * ignored, and the run started with its default parameters. 415, noted for RequestProblemGuard. The one exception:
 * a multipart/form-data POST to a domain's upload route (`uploadPaths`), which reads its body itself.
 */
export function jsonBodiesOnly(uploadPaths: readonly string[] = []): Middleware {
  const uploads = new Set(uploadPaths);
  return (request, _response, next) => {
    if (carriesBody(request) && !isJson(request.headers['content-type']) && !isUpload(request, uploads)) {
      const got = request.headers['content-type'];
      const message = `The body must be JSON in UTF-8: send "Content-Type: application/json"${
        got === undefined ? ' (no Content-Type was sent)' : ` (got "${shown(got)}")`
      }`;
      noteRequestProblem(request, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message, { 'Content-Type': [message] }));
    }
    next();
  };
}

/**
 * Express error middleware placed right after the JSON parser: its refusals (malformed JSON, a body over
 * BODY_LIMIT_KB, an unsupported charset) are noted for RequestProblemGuard instead of being answered before the
 * route, so that they are answered after the access guard and in the route's error shape. The parser's own words
 * are not repeated: they quote part of the body.
 */
export function bodyParserProblems(): (
  error: unknown,
  request: BodyRequest,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  return (error, request, _response, next) => {
    const refusal = refusalOf(error);
    if (!refusal) {
      next(error);
      return;
    }
    noteRequestProblem(request, refusal);
    next();
  };
}

/**
 * The shape check of the parsed body, noted for RequestProblemGuard: every body the gateway takes is a JSON object
 * (an array reached the DTOs as a list of them), then jsonShapeProblems (depth, reserved keys).
 */
export function bodyShapeCheck(): Middleware {
  return (request, _response, next) => {
    const { body } = request;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      noteRequestProblem(request, invalidRequest({ body: ['must be a JSON object'] }));
    } else {
      const problems = body === undefined ? null : jsonShapeProblems(body);
      if (problems) noteRequestProblem(request, invalidRequest(problems));
    }
    next();
  };
}

function refusalOf(error: unknown): HttpException | null {
  if (!(error instanceof Error)) return null;
  const { status, expose, type, limit } = error as Error & {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
    limit?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return null;
  if (type === 'entity.parse.failed') {
    const position = /at position (\d+)/.exec(error.message);
    const detail = `is not valid JSON${position ? ` (at position ${position[1]})` : ''}`;
    return invalidRequest({ body: [detail] });
  }
  if (type === 'entity.too.large') {
    return problem(status, `Request body too large: the limit is ${String(limit)} bytes`);
  }
  return problem(status, error.message, { body: [error.message] });
}

function problem(status: number, message: string, fields?: Record<string, string[]>): HttpException {
  const body: ApiError = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  if (fields) body.fields = fields;
  return new HttpException(body, status);
}

/** A multipart/form-data POST to one of `uploads` (paths without their query string). */
function isUpload(request: IncomingMessage, uploads: ReadonlySet<string>): boolean {
  if (request.method !== 'POST' || uploads.size === 0) return false;
  const essence = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return essence === 'multipart/form-data' && uploads.has((request.url ?? '/').split('?', 1)[0].replace(/\/+$/, ''));
}

/** Any request with a non-empty body, announced by its length or sent in chunks. */
function carriesBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/**
 * JSON in UTF-8, the only encoding RFC 8259 allows between systems: body-parser would also decode UTF-16 and
 * UTF-7 (in which `+ADw-` is `<`), which nothing here needs.
 */
function isJson(contentType: string | undefined): boolean {
  const [essence, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (essence !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(essence)) return false;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length);
  return charset === undefined || ['utf-8', 'utf8', '"utf-8"'].includes(charset);
}

/** A client-supplied string as it may appear in a message: escaped, and cut to 60 characters. */
function shown(value: string): string {
  const escaped = JSON.stringify(value.slice(0, 60)).slice(1, -1);
  return value.length > 60 ? `${escaped}…` : escaped;
}
