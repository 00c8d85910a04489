import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { ExpressAdapter } from '@bull-board/express';
import { BULL_BOARD_ADAPTER, InjectBullBoard, type BullBoardInstance } from '@bull-board/nestjs';
import { QUEUES } from '@relais/contracts';
import { FlowCatalogue, QueueRegistry } from '@relais/engine';

/**
 * Shows every Relais queue (the flows' and the scheduler's) on Bull Board, through the gateway's producers. Bull
 * Board serves its pages from an Express app of its own, which would announce `X-Powered-By: Express` although
 * helmet removed the header on the gateway's app.
 */
@Injectable()
export class BullBoardQueues implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: QueueRegistry,
    private readonly catalogue: FlowCatalogue,
    @Inject(BULL_BOARD_ADAPTER) private readonly adapter: ExpressAdapter,
  ) {}

  onModuleInit(): void {
    (this.adapter.getRouter() as { disable(setting: string): unknown }).disable('x-powered-by');
    for (const name of [...this.catalogue.queues(), ...Object.values(QUEUES)]) {
      this.board.addQueue(new BullMQAdapter(this.queues.get(name)));
    }
  }
}
