import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRole } from '@relais/contracts';
import { PUBLIC_ROUTE_KEY, REQUIRED_ROLE_KEY } from './access.decorators';
import { PRINCIPAL } from './current-principal.decorator';
import { hasRole, missingRoleMessage, type Principal } from './principal';
import { BEARER_CHALLENGE, RequestAuthenticator, UNAUTHENTICATED_MESSAGES } from './request-authenticator';

/**
 * Every HTTP route needs a valid token unless marked @Public; the role needed is @RequiresRole's, else viewer for
 * reads (GET, HEAD) and operator for everything else. 401 says what is wrong with the credential, 403 which role
 * the route needs. WebSocket messages are left to the socket.io handshake, which authenticates the connection.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<IncomingMessage & { [PRINCIPAL]?: Principal }>();
    const outcome = await this.authenticator.authenticate(request);
    if (outcome.status !== 'authenticated') {
      http.getResponse<ServerResponse>().setHeader('WWW-Authenticate', BEARER_CHALLENGE);
      throw new UnauthorizedException(UNAUTHENTICATED_MESSAGES[outcome.status]);
    }
    const required =
      this.reflector.getAllAndOverride<TokenRole | undefined>(REQUIRED_ROLE_KEY, targets) ?? defaultRole(request);
    if (!hasRole(outcome.principal, required)) {
      throw new ForbiddenException(missingRoleMessage('This route', required, outcome.principal));
    }
    request[PRINCIPAL] = outcome.principal;
    return true;
  }
}

function defaultRole(request: IncomingMessage): TokenRole {
  return request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'operator';
}
