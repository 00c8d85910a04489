import type { HttpException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

const REQUEST_PROBLEM = Symbol('relais:request-problem');

type ProblemRequest = IncomingMessage & { [REQUEST_PROBLEM]?: HttpException };

/**
 * Notes what is wrong with a request found before routing (its body: not JSON, malformed, too large, too deep,
 * reserved keys). The refusal is thrown later by RequestProblemGuard, inside the route, after the access guard: a
 * client without a valid token gets its 401 first, and the route's exception filter shapes the answer (the
 * seed-compatible routes' `{error}`). The first problem noted wins.
 */
export function noteRequestProblem(request: IncomingMessage, problem: HttpException): void {
  (request as ProblemRequest)[REQUEST_PROBLEM] ??= problem;
}

/** The problem noted for `request`, if any. */
export function requestProblemOf(request: IncomingMessage): HttpException | undefined {
  return (request as ProblemRequest)[REQUEST_PROBLEM];
}
