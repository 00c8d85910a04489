import { Inject, Injectable, Optional } from '@nestjs/common';
import type { FlowContract } from '@relais/contracts';
import { DOMAIN_REGISTRY, type DomainRegistry } from '@relais/domain-kit';
import { UnknownFlowError } from '../errors';

/** The flow contracts this process knows: its domains' flows plus any registered at start (tests, plugins). */
@Injectable()
export class FlowCatalogue {
  private readonly contracts = new Map<string, FlowContract>();

  constructor(@Optional() @Inject(DOMAIN_REGISTRY) registry?: DomainRegistry) {
    for (const contract of registry?.flows() ?? []) this.register(contract);
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

  /** Every queue the known flows run on, sorted. */
  queues(): string[] {
    return [...new Set(this.all().map((contract) => contract.queue))].sort();
  }

  onQueue(queue: string): FlowContract[] {
    return this.all().filter((contract) => contract.queue === queue);
  }
}
