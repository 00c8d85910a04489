import { Injectable } from '@nestjs/common';
import type { FlowContract, FlowSummary } from '@relais/contracts';
import { FlowCatalogue } from '@relais/engine';
import { parametersSchemaOf } from './parameters-schema';

/** FlowSummary of each contract of the catalogue; schemas are generated once per contract. */
@Injectable()
export class FlowDescriptions {
  private readonly schemas = new WeakMap<FlowContract, Record<string, unknown>>();

  constructor(private readonly catalogue: FlowCatalogue) {}

  all(): FlowSummary[] {
    return this.catalogue.all().map((contract) => this.describe(contract));
  }

  /** The flow named `name`; throws UnknownFlowError. */
  get(name: string): FlowSummary {
    return this.describe(this.catalogue.get(name));
  }

  private describe(contract: FlowContract): FlowSummary {
    let schema = this.schemas.get(contract);
    if (!schema) {
      schema = parametersSchemaOf(contract.params);
      this.schemas.set(contract, schema);
    }
    return {
      name: contract.name,
      queue: contract.queue,
      description: contract.description,
      parametersSchema: schema,
      retry: { ...contract.retry },
      timeoutMs: contract.timeoutMs,
      concurrencyLimit: contract.concurrencyLimit ?? null,
    };
  }
}
