import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QUEUES } from '@relais/contracts';
import { errorMessage, FlowCatalogue, QueueRegistry } from '@relais/engine';
import { PlatformQueuesResponse, type PlatformQueues, type QueueStatus } from './platform.response';

/** The job states counted per queue: what a person watching the platform wants to see pile up. */
const COUNTED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

/**
 * `GET /api/platform/queues`: every queue in use (the scheduler's and each flow's), its job counts and the worker
 * connections BullMQ sees on it (`CLIENT LIST`: name, address, age). The dashboard's Status page reads it; Redis
 * and the database come from `/api/health`, the health score from the last health-check run.
 */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('api/platform')
export class PlatformController {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly catalogue: FlowCatalogue,
  ) {}

  @Get('queues')
  @ApiOperation({ summary: 'Queues with their job counts, flows and connected workers' })
  @ApiOkResponse({ type: PlatformQueuesResponse })
  async list(): Promise<PlatformQueues> {
    const names = [...new Set<string>([...Object.values(QUEUES), ...this.catalogue.queues()])].sort();
    try {
      const queues = await Promise.all(names.map((name) => this.status(name)));
      return { checkedAt: new Date().toISOString(), queues };
    } catch (error) {
      throw new ServiceUnavailableException(`Redis did not answer: ${errorMessage(error)}`);
    }
  }

  private async status(name: string): Promise<QueueStatus> {
    const queue = this.queues.get(name);
    const [counts, workers] = await Promise.all([queue.getJobCounts(...COUNTED), queue.getWorkers()]);
    return {
      name,
      flows: this.catalogue.onQueue(name).map((flow) => flow.name),
      counts,
      workers: workers.map((client: Partial<Record<string, string>>) => ({
        name: client.name ?? '',
        address: client.addr ?? '',
        ageSeconds: Number(client.age ?? 0),
        idleSeconds: Number(client.idle ?? 0),
      })),
    };
  }
}
