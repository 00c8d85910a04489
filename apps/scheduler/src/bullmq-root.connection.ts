import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { bullmqWorkerConnection, type BullmqConnection } from '@relais/engine';

/**
 * The connection of @nestjs/bullmq's root module (the schedules queue and its @Processor's worker), opened for
 * REDIS_URL's topology, and closed at shutdown: BullMQ does not close a client it was given (the queue shares
 * it; the worker's own connections are copies, which it closes).
 */
@Injectable()
export class BullmqRootConnection implements OnApplicationShutdown {
  readonly connection: BullmqConnection;

  constructor(@Inject(RELAIS_CONFIG) config: RelaisConfig) {
    this.connection = bullmqWorkerConnection(config.redis, 'relais-scheduler');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
