import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor } from '@relais/contracts';
import { RunCancelledError } from '../errors';
import { createCommandConnection, type RedisClient } from '../infrastructure/redis-connections';
import { RunAbortRegistry } from './run-abort-registry';

/** Subscribes to cancel requests and aborts the matching run if this worker is running it. */
@Injectable()
export class CancellationListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CancellationListener.name);
  private subscriber?: RedisClient;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly registry: RunAbortRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const channel = channelsFor(this.config.redisPrefix).cancelRequests;
    // A connection of its own (one in subscriber mode runs no other command), opened like every other one.
    this.subscriber = createCommandConnection(this.config.redis, 'relais-cancel-listener');
    this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    await this.subscriber.subscribe(channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit();
  }

  private onMessage(message: string): void {
    try {
      const { runId } = JSON.parse(message) as { runId?: unknown };
      if (typeof runId === 'string') this.registry.abort(runId, new RunCancelledError());
    } catch (error) {
      this.logger.warn(`Ignored a malformed cancel request ${JSON.stringify(message)}: ${String(error)}`);
    }
  }
}
