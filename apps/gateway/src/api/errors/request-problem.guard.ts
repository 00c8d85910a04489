import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { jsonShapeProblems } from '@relais/engine';
import { invalidRequest } from './invalid-request';
import { requestProblemOf } from './request-problem';

/**
 * Refuses, inside the route and after the access guard, a request whose body was found wrong before routing (see
 * noteRequestProblem), or whose query has keys no route accepts (`?__proto__=1`: the validation pipe drops such
 * keys silently where it refuses any other unknown one).
 */
@Injectable()
export class RequestProblemGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<IncomingMessage & { query?: unknown }>();
    const problem = requestProblemOf(request);
    if (problem) throw problem;
    const queryProblems = jsonShapeProblems(request.query);
    if (queryProblems) throw invalidRequest(queryProblems);
    return true;
  }
}
