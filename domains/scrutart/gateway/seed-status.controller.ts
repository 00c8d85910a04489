import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueueRegistry, REDIS_CLIENT, type RedisClient } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { SCRUTART_QUEUE } from '../contracts';
import { SeedApiStatusDoc } from './seed-api.openapi';
import { SeedErrorFilter } from './seed-error.filter';

/** `GET /api/status`: the seed's shape plus what Relais can say about the Scrutart workers. */
export interface SeedApiStatus {
  /** Always `ok` when the API answers, as in the seed; the flags below say what it can reach. */
  status: 'ok';
  timestamp: string;
  /**
   * The seed's name for "the orchestrator is reachable": in Relais the orchestrator is Redis (queues, events),
   * so this is `redis_connected` under the name the seed's callers read.
   */
  prefect_connected: boolean;
  redis_connected: boolean;
  database_connected: boolean;
  /** Worker processes connected to the `scrutart` queue: 0 means runs wait until one starts. */
  scrutart_workers: number;
}

@ApiTags('Scrutart (seed-compatible)')
@ApiBearerAuth()
@UseFilters(SeedErrorFilter)
@Controller('status')
export class SeedStatusController {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly runs: FlowRunRepository,
    private readonly queues: QueueRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'API status (seed: api_status)' })
  @ApiOkResponse({ type: SeedApiStatusDoc })
  async status(): Promise<SeedApiStatus> {
    // Each probe reports false or 0 on failure: this route says what is down, it never fails because of it.
    const [redis, database, workers] = await Promise.all([
      this.redis.ping().then(
        () => true,
        () => false,
      ),
      this.runs.isReachable(),
      this.queues
        .get(SCRUTART_QUEUE)
        .getWorkersCount()
        .catch(() => 0),
    ]);
    return {
      status: 'ok',
      timestamp: new Date().toISOString(),
      prefect_connected: redis,
      redis_connected: redis,
      database_connected: database,
      scrutart_workers: workers,
    };
  }
}
