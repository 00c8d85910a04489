import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { InjectBullBoard, type BullBoardInstance } from '@bull-board/nestjs';
import { QUEUES } from '@relais/contracts';
import { QueueRegistry } from '@relais/engine';

/** Shows every Relais queue (QUEUES, the scheduler's included) on Bull Board, through the gateway's producers. */
@Injectable()
export class BullBoardQueues implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: QueueRegistry,
  ) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) this.board.addQueue(new BullMQAdapter(this.queues.get(name)));
  }
}
