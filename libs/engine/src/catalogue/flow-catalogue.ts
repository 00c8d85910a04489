import { Injectable } from '@nestjs/common';
import { FLOW_CATALOGUE, type FlowContract } from '@relais/contracts';
import { UnknownFlowError } from '../errors';

/** The flow contracts this process knows: the shipped catalogue plus any registered at start (tests, plugins). */
@Injectable()
export class FlowCatalogue {
  private readonly contracts = new Map<string, FlowContract>();

  constructor() {
    for (const contract of FLOW_CATALOGUE) this.register(contract);
  }

  register(contract: FlowContract): void {
    const existing = this.contracts.get(contract.name);
    if (existing && existing !== contract) throw new Error(`Flow "${contract.name}" is declared twice`);
    this.contracts.set(contract.name, contract);
  }

  /** The contract named `name`; throws UnknownFlowError. */
  get(name: string): FlowContract {
    const contract = this.contracts.get(name);
    if (!contract) throw new UnknownFlowError(name);
    return contract;
  }

  find(name: string): FlowContract | undefined {
    return this.contracts.get(name);
  }

  all(): FlowContract[] {
    return [...this.contracts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  onQueue(queue: string): FlowContract[] {
    return this.all().filter((contract) => contract.queue === queue);
  }
}
