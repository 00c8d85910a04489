import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { PUBLIC_ROUTE_KEY } from './access.decorators';
import { clientTracker } from './client-rate-limit';
import { RequestAuthenticator } from './request-authenticator';

/**
 * Nest's throttler with one budget per client across every route: per token when the request carries a valid
 * one, else per IP address (so a stream of bad tokens is limited too). Public routes (health probes) and
 * WebSocket messages are not counted. It runs before the access guard, which reuses its authentication.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    return Promise.resolve(context.getType() !== 'http' || isPublic === true);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = await this.authenticator.principalOf(request as unknown as IncomingMessage);
    return clientTracker(principal, typeof request.ip === 'string' ? request.ip : undefined);
  }

  /** The same key on every route and every replica: the budget is the client's, not the route's. */
  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }
}
