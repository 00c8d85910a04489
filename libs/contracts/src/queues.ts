/**
 * Every BullMQ queue Relais uses, in one place.
 *
 * WARNING: a queue name is stored in Redis with every job. Renaming one strands the jobs already waiting in the
 * old queue (and its job schedulers): drain the queue first, or add the new name beside the old one.
 */
export const QUEUES = {
  ops: 'ops',
  scrutart: 'scrutart',
  documents: 'documents',
  dpgf: 'dpgf',
  rag: 'rag',
  /** Trigger jobs produced by deployments' job schedulers, consumed by the scheduler app. */
  schedules: 'schedules',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Queues that carry flow runs (everything but the scheduler's trigger queue). */
export const FLOW_QUEUES: readonly QueueName[] = [
  QUEUES.ops,
  QUEUES.scrutart,
  QUEUES.documents,
  QUEUES.dpgf,
  QUEUES.rag,
];
