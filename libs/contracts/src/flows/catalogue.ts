import type { FlowContract } from '../flow-contract';
import { HEALTH_CHECK_FLOW } from './ops/health-check.contract';
import { PROCESS_ARTIST_FLOW } from './scrutart/process-artist.contract';
import { PROCESS_BATCH_FLOW } from './scrutart/process-batch.contract';

/** Every flow contract Relais knows; the gateway describes and validates runs from this list. */
export const FLOW_CATALOGUE: readonly FlowContract[] = [HEALTH_CHECK_FLOW, PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW];
