import type { FlowContract } from '../flow-contract';
import { HEALTH_CHECK_FLOW } from './ops/health-check.contract';

/** Every flow contract Relais knows; the gateway describes and validates runs from this list. */
export const FLOW_CATALOGUE: readonly FlowContract[] = [HEALTH_CHECK_FLOW];
