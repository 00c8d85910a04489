import { ApiProperty } from '@nestjs/swagger';

/** One worker connection BullMQ sees on a queue. */
export interface QueueWorker {
  name: string;
  address: string;
  ageSeconds: number;
  idleSeconds: number;
}

export interface QueueStatus {
  name: string;
  /** The flows of the catalogue that run on this queue (none for the scheduler's `schedules`). */
  flows: string[];
  /** BullMQ job counts by state (waiting, active, delayed, prioritized, waiting-children, failed, completed). */
  counts: Record<string, number>;
  workers: QueueWorker[];
}

/** `GET /api/platform/queues`. */
export interface PlatformQueues {
  checkedAt: string;
  queues: QueueStatus[];
}

class QueueWorkerResponse implements QueueWorker {
  @ApiProperty({ example: 'bull:b3Bz:w:worker-ops' }) name: string;
  @ApiProperty({ example: '127.0.0.1:50412' }) address: string;
  @ApiProperty() ageSeconds: number;
  @ApiProperty() idleSeconds: number;
}

class QueueStatusResponse implements QueueStatus {
  @ApiProperty({ example: 'ops' }) name: string;
  @ApiProperty({ type: [String] }) flows: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { waiting: 0, active: 1 } })
  counts: Record<string, number>;
  @ApiProperty({ type: [QueueWorkerResponse] }) workers: QueueWorker[];
}

export class PlatformQueuesResponse implements PlatformQueues {
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ type: [QueueStatusResponse] }) queues: QueueStatus[];
}
