import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import type { QueueName } from '@relais/contracts';
import { createProducerConnection } from './redis-connections';

/** Producer-side BullMQ queues, one per name, sharing one fail-fast connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private connection?: Redis;

  constructor(@Inject(RELAIS_CONFIG) private readonly config: RelaisConfig) {}

  /** The queue named `name`, created on first use. */
  get(name: QueueName | string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= createProducerConnection(this.config.redisUrl, 'relais-producer');
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redisPrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    if (this.connection) await this.connection.quit().catch(() => undefined);
  }
}
