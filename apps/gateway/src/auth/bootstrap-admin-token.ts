import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage, RedisLock } from '@relais/engine';
import { ApiTokenRepository, isUniqueViolation } from '@relais/persistence';
import { ApiTokenService } from './api-token.service';
import { hashToken } from './token-hash';

const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

/** How soon a bootstrap that Redis's absence put off is tried again. */
const RETRY_MS = 5_000;

/**
 * Makes sure someone can administer a new installation. With RELAIS_ADMIN_TOKEN set, that token is registered
 * (once: it is looked up by hash). Then, if no active admin token exists (a first start without the variable,
 * or every admin token revoked), one is created and printed once to stdout: it is not stored anywhere in clear,
 * so later starts, which find it in the database, never print it again. Replicas starting together take a Redis
 * lock so only one of them creates and prints a token. Only that last case needs Redis: registering
 * RELAIS_ADMIN_TOKEN and finding an admin token read the database alone, and if the lock cannot be taken because
 * Redis is away the gateway starts anyway (it says so on /api/health) and tries again every 5 s.
 */
@Injectable()
export class BootstrapAdminToken implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BootstrapAdminToken.name);
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly tokens: ApiTokenRepository,
    private readonly service: ApiTokenService,
    private readonly lock: RedisLock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const fromEnvironment = this.config.gateway.adminToken;
    // Idempotent without the lock: looked up by hash, and a concurrent insert is a unique violation.
    if (fromEnvironment) await this.registerEnvironmentToken(fromEnvironment);
    if ((await this.tokens.countActive('admin')) > 0) return;
    try {
      await this.createUnderLock();
    } catch (error) {
      this.logger.warn(`No admin token yet, and none can be created now (${errorMessage(error)}): retrying`);
      this.scheduleRetry();
    }
  }

  onModuleDestroy(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private scheduleRetry(): void {
    this.retry = setTimeout(() => {
      this.createUnderLock().then(
        () => {
          this.retry = null;
        },
        () => {
          this.scheduleRetry();
        },
      );
    }, RETRY_MS);
    this.retry.unref();
  }

  private async createUnderLock(): Promise<void> {
    const outcome = await this.lock.withLock('bootstrap-admin-token', 30_000, () => this.ensureAdmin(), {
      waitMs: 30_000,
    });
    if (!outcome.acquired) {
      throw new Error('Timed out waiting for another gateway replica to set up the bootstrap admin token');
    }
  }

  private async ensureAdmin(): Promise<void> {
    if ((await this.tokens.countActive('admin')) > 0) return;
    const created = await this.service.create(BOOTSTRAP_TOKEN_NAME, 'admin');
    // Straight to stdout, not through the logger, whose redaction would hide the one copy of the token.
    process.stdout.write(banner(created.token, this.config.gateway.port));
  }

  private async registerEnvironmentToken(token: string): Promise<void> {
    const existing = await this.tokens.findByHash(hashToken(token));
    if (existing) {
      if (existing.revokedAt !== null) {
        this.logger.warn('RELAIS_ADMIN_TOKEN was revoked and is not accepted: set a new value to use one');
      }
      return;
    }
    try {
      await this.service.store(BOOTSTRAP_TOKEN_NAME, 'admin', token);
      this.logger.log('Registered the admin token from RELAIS_ADMIN_TOKEN');
    } catch (error) {
      // Another process registered it between the lookup and the insert (only possible without the lock).
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

function banner(token: string, port: number): string {
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    '  Relais bootstrap admin token. It is shown ONCE, now, and never again: store it.',
    '',
    `      ${token}`,
    '',
    '  Send it as "Authorization: Bearer <token>", create other tokens with POST /api/tokens,',
    `  and open Bull Board once with http://localhost:${port}/admin/queues?token=<token>.`,
    '  Set RELAIS_ADMIN_TOKEN to choose the admin token yourself instead.',
    rule,
    '',
    '',
  ].join('\n');
}
