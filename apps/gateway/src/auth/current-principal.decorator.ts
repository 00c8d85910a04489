import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** Where the access guard leaves the principal of an authenticated request. */
export const PRINCIPAL = Symbol('relais:principal');

/** The request's principal, set by the access guard; undefined on @Public routes. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<{ [PRINCIPAL]?: Principal }>()[PRINCIPAL],
);
