/**
 * The platform's own BullMQ queues. Each domain names the queue of its flows in its contracts
 * (`domains/<name>/contracts/<name>.queue.ts`); the flow catalogue lists every queue in use.
 *
 * WARNING: a queue name is stored in Redis with every job. Renaming one strands the jobs already waiting in the
 * old queue (and its job schedulers): drain the queue first, or add the new name beside the old one.
 */
export const QUEUES = {
  /** Trigger jobs produced by deployments' job schedulers, consumed by the scheduler app. */
  schedules: 'schedules',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
