import type { FlowContract, ParamsOf, ResultOf } from '@relais/contracts';
import type { RunContext } from './run-context';

/**
 * A flow's implementation, bound to its contract. Worker apps provide these as Nest providers and list them in
 * `EngineModule.forWorker({ flows: [...] })`.
 */
export interface FlowHandler<C extends FlowContract = FlowContract> {
  readonly contract: C;
  run(ctx: RunContext<ParamsOf<C>>): Promise<ResultOf<C>>;
}
