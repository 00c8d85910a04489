import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { FlowCatalogue } from '../catalogue/flow-catalogue';
import type { FlowHandler } from './flow-handler';

/** Injection token of the flow handler instances a worker app provides. */
export const FLOW_HANDLERS = Symbol('FLOW_HANDLERS');

/**
 * The implementations this worker runs, checked at start: every flow of its queue has exactly one handler and
 * every handler belongs to its queue. A mismatch stops the process with a message saying what to fix.
 */
@Injectable()
export class FlowHandlerRegistry {
  private readonly byName = new Map<string, FlowHandler>();

  constructor(
    private readonly catalogue: FlowCatalogue,
    readonly queue: string,
    handlers: FlowHandler[],
  ) {
    const problems: string[] = [];
    for (const handler of handlers) {
      catalogue.register(handler.contract);
      if (handler.contract.queue !== queue) {
        problems.push(
          `${handler.constructor.name} implements ${handler.contract.name} of queue "${handler.contract.queue}", not "${queue}"`,
        );
      }
      if (this.byName.has(handler.contract.name)) {
        problems.push(
          `${handler.contract.name} has two implementations: ${this.byName.get(handler.contract.name)?.constructor.name} and ${handler.constructor.name}`,
        );
      }
      this.byName.set(handler.contract.name, handler);
    }
    for (const contract of catalogue.onQueue(queue)) {
      if (!this.byName.has(contract.name)) {
        problems.push(
          `${contract.name} (queue "${queue}") has no implementation: add its handler to this worker's flows`,
        );
      }
    }
    if (problems.length > 0)
      throw new Error(`Worker for queue "${queue}" cannot start:\n  - ${problems.join('\n  - ')}`);
  }

  get(flowName: string): FlowHandler {
    const handler = this.byName.get(flowName);
    if (!handler) throw new UnrecoverableError(`No implementation of flow "${flowName}" on queue "${this.queue}"`);
    return handler;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
