import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { InjectBullBoard, type BullBoardInstance } from '@bull-board/nestjs';
import { QUEUES } from '@relais/contracts';
import { FlowCatalogue, QueueRegistry } from '@relais/engine';

/** Shows every Relais queue (the flows' and the scheduler's) on Bull Board, through the gateway's producers. */
@Injectable()
export class BullBoardQueues implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: QueueRegistry,
    private readonly catalogue: FlowCatalogue,
  ) {}

  onModuleInit(): void {
    for (const name of [...this.catalogue.queues(), ...Object.values(QUEUES)])
      this.board.addQueue(new BullMQAdapter(this.queues.get(name)));
  }
}
