import type { GateVerdict } from '@relais/domains/rag/contracts';
import { NonRetryableError } from '@relais/engine';

/** A validation gate did not pass: the run fails at that gate's step, at once (another attempt would judge the same base). */
export class GateFailed extends NonRetryableError {
  constructor(readonly verdict: GateVerdict) {
    super(`Validation gate ${verdict.gate} failed: ${verdict.figure}`);
    this.name = 'GateFailed';
  }
}
