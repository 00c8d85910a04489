import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { RedisClient } from './redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { closeRedisClient, createProducerConnection } from './redis-connections';

/** Producer-side BullMQ queues, one per name, sharing one fail-fast connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();
  private connection?: RedisClient;

  constructor(@Inject(RELAIS_CONFIG) private readonly config: RelaisConfig) {}

  /** The queue named `name`, created on first use. */
  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= createProducerConnection(this.config.redis, 'relais-producer');
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redisPrefix });
      // Without a listener BullMQ reports every failed reconnection as an unhandled error.
      queue.on('error', (error) => this.logger.warn(`Queue "${name}": ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    // quit() needs a live connection; one that never reached Redis would keep retrying and hold the process.
    if (this.connection) await closeRedisClient(this.connection);
  }
}
