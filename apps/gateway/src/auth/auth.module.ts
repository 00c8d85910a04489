import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { REDIS_CLIENT, type RedisClient } from '@relais/engine';
import { RequestProblemGuard } from '../api/errors/request-problem.guard';
import { AccessGuard } from './access.guard';
import { ApiTokenService } from './api-token.service';
import { ApiTokenVerifier } from './api-token.verifier';
import { BootstrapAdminToken } from './bootstrap-admin-token';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RequestAuthenticator } from './request-authenticator';
import { TokenVerifier } from './token.verifier';
import { TokensController } from './tokens.controller';
import { WhoamiController } from './whoami.controller';

/**
 * API tokens and access control for the whole gateway: every HTTP route needs a token (see AccessGuard). Requests
 * are rate limited per client before they reach any route (clientRateLimit, configure-http-security.ts), with the
 * storage provided here (counted in Redis). Global so that the socket.io gateway and Bull Board can verify
 * tokens with TokenVerifier.
 */
@Global()
@Module({
  controllers: [TokensController, WhoamiController],
  providers: [
    ApiTokenVerifier,
    { provide: TokenVerifier, useExisting: ApiTokenVerifier },
    ApiTokenService,
    RequestAuthenticator,
    BootstrapAdminToken,
    {
      provide: ThrottlerStorage,
      inject: [RELAIS_CONFIG, REDIS_CLIENT],
      useFactory: (config: RelaisConfig, redis: RedisClient) => new RedisThrottlerStorage(redis, config.redisPrefix),
    },
    // Guards run in this order: check the token's role, then refuse what was wrong with the request itself (its
    // body, its query keys), so that a client without a valid token learns nothing about how input is checked.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RequestProblemGuard },
  ],
  // What the HTTP middleware (rate limit, Bull Board's and the API documentation's token access) and the socket.io
  // handshake need.
  exports: [TokenVerifier, RequestAuthenticator, ThrottlerStorage],
})
export class AuthModule {}
