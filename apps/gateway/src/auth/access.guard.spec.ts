import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TokenRole } from '@relais/contracts';
import { Public, RequiresRole } from './access.decorators';
import { AccessGuard } from './access.guard';
import { PRINCIPAL } from './current-principal.decorator';
import type { Principal } from './principal';
import { RequestAuthenticator } from './request-authenticator';
import { TokenVerifier } from './token.verifier';

const TOKENS: Record<string, Principal> = {
  'viewer-token': { tokenId: 'v', name: 'reader', role: 'viewer' },
  'operator-token': { tokenId: 'o', name: 'ci', role: 'operator' },
  'admin-token': { tokenId: 'a', name: 'root', role: 'admin' },
};

class FakeVerifier extends TokenVerifier {
  verify(token: string): Promise<Principal | null> {
    return Promise.resolve(TOKENS[token] ?? null);
  }
}

class Routes {
  read(): void {}
  write(): void {}
  @RequiresRole('admin') manageTokens(): void {}
  @RequiresRole('viewer') search(): void {}
  @Public() health(): void {}
}

@RequiresRole('admin')
class AdminRoutes {
  list(): void {}
}

interface FakeRequest {
  method: string;
  headers: { authorization?: string };
  [PRINCIPAL]?: Principal;
}

function httpContext(type: object, handler: string, request: FakeRequest): ExecutionContext {
  const response = { setHeader: jest.fn() };
  return {
    getType: () => 'http',
    getClass: () => type,
    getHandler: () => (type as { prototype: Record<string, unknown> }).prototype[handler],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector(), new RequestAuthenticator(new FakeVerifier()));

  const outcome = async (type: object, handler: string, method: string, token?: string): Promise<string> => {
    const request: FakeRequest = { method, headers: token ? { authorization: `Bearer ${token}` } : {} };
    try {
      await guard.canActivate(httpContext(type, handler, request));
      return `allowed as ${request[PRINCIPAL]?.role ?? 'nobody'}`;
    } catch (error) {
      if (error instanceof UnauthorizedException) return `401 ${error.message}`;
      if (error instanceof ForbiddenException) return `403 ${error.message}`;
      throw error;
    }
  };

  const lowestRoleAllowed = async (type: object, handler: string, method: string): Promise<TokenRole | null> => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      if ((await outcome(type, handler, method, `${role}-token`)).startsWith('allowed')) return role;
    }
    return null;
  };

  it('lets viewers read and needs an operator for any other method by default', async () => {
    expect(await lowestRoleAllowed(Routes, 'read', 'GET')).toBe('viewer');
    expect(await lowestRoleAllowed(Routes, 'read', 'HEAD')).toBe('viewer');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(await lowestRoleAllowed(Routes, 'write', method)).toBe('operator');
    }
  });

  it('follows @RequiresRole on a handler or its class, whatever the method', async () => {
    expect(await lowestRoleAllowed(Routes, 'manageTokens', 'GET')).toBe('admin');
    expect(await lowestRoleAllowed(Routes, 'search', 'POST')).toBe('viewer');
    expect(await lowestRoleAllowed(AdminRoutes, 'list', 'GET')).toBe('admin');
  });

  it('names the role needed and the role the token has in a 403', async () => {
    expect(await outcome(Routes, 'write', 'POST', 'viewer-token')).toBe(
      '403 This route needs the operator role; token "reader" has the viewer role',
    );
  });

  it('answers 401 without a valid token, and lets @Public routes through without one', async () => {
    expect(await outcome(Routes, 'read', 'GET')).toMatch(/^401 Missing API token/);
    expect(await outcome(Routes, 'read', 'GET', 'nope')).toBe('401 Unknown or revoked API token');
    expect(await outcome(Routes, 'health', 'GET')).toBe('allowed as nobody');
  });

  it('leaves WebSocket messages to the socket.io handshake', async () => {
    const ws = { getType: () => 'ws' } as unknown as ExecutionContext;
    await expect(guard.canActivate(ws)).resolves.toBe(true);
  });
});
