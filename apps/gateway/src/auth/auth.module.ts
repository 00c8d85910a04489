import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { REDIS_CLIENT } from '@relais/engine';
import { AccessGuard } from './access.guard';
import { ApiTokenService } from './api-token.service';
import { ApiTokenVerifier } from './api-token.verifier';
import { BootstrapAdminToken } from './bootstrap-admin-token';
import { RATE_LIMIT_WINDOW_MS, rateLimitMessage } from './client-rate-limit';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RequestAuthenticator } from './request-authenticator';
import { TokenVerifier } from './token-verifier';
import { TokensController } from './tokens.controller';
import { WhoamiController } from './whoami.controller';

/**
 * API tokens and access control for the whole gateway: every HTTP route needs a token (see AccessGuard) and is
 * rate limited per client (ClientThrottlerGuard, counted in Redis). Global so that the socket.io gateway and
 * Bull Board can verify tokens with TokenVerifier.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RELAIS_CONFIG, REDIS_CLIENT],
      useFactory: (config: RelaisConfig, redis: Redis): ThrottlerModuleOptions => ({
        // Unnamed ('default'): named throttlers get suffixed headers (Retry-After-<name>), which clients ignore.
        throttlers: [{ ttl: RATE_LIMIT_WINDOW_MS, limit: config.gateway.rateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis, config.redisPrefix),
        errorMessage: (_context, limit) => rateLimitMessage(config.gateway.rateLimitPerMinute, limit.timeToBlockExpire),
      }),
    }),
  ],
  controllers: [TokensController, WhoamiController],
  providers: [
    ApiTokenVerifier,
    { provide: TokenVerifier, useExisting: ApiTokenVerifier },
    ApiTokenService,
    RequestAuthenticator,
    BootstrapAdminToken,
    // Guards run in this order: count the request against its client's budget, then check its token's role.
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  // ThrottlerModule too: Bull Board's middleware counts its requests in the same storage.
  exports: [TokenVerifier, ThrottlerModule],
})
export class AuthModule {}
