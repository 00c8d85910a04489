import type { QueueName } from './queues';

/** A class-validator DTO class: what a caller may pass as parameters. */
export type ParamsClass<P extends object> = new () => P;

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** Delay before the first retry; doubles on each further retry. */
  backoffMs: number;
  /** 0..1: share of each delay that is randomised so that retries of many runs do not stampede. */
  jitter: number;
}

/**
 * What producers and consumers share about one flow. The gateway validates and describes runs from this alone;
 * the worker binds an implementation to it (see `FlowImplementation` in @relais/engine).
 */
export interface FlowContract<P extends object = object, R = unknown> {
  /** `domain.verb-noun`, unique across Relais. */
  readonly name: string;
  /** Usually one of QUEUES; tests and extensions may use their own queue. */
  readonly queue: QueueName | (string & {});
  readonly description: string;
  readonly params: ParamsClass<P>;
  readonly retry: RetryPolicy;
  /** A run's attempt is aborted (ctx.signal fires) after this long. */
  readonly timeoutMs: number;
  /** At most this many runs of this flow at once across every worker; unset means only queue concurrency applies. */
  readonly concurrencyLimit?: number;
  /** Phantom field carrying the result type; never set. */
  readonly __result?: R;
}

export type ParamsOf<C> = C extends FlowContract<infer P> ? P : never;
export type ResultOf<C> = C extends FlowContract<object, infer R> ? R : never;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 1, backoffMs: 1000, jitter: 0.2 };

/** Declares a flow contract with the defaults filled in. */
export function defineFlow<P extends object, R>(
  spec: Omit<FlowContract<P, R>, 'retry' | 'timeoutMs' | '__result'> & {
    retry?: Partial<RetryPolicy>;
    timeoutMs?: number;
  },
): FlowContract<P, R> {
  if (!/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/.test(spec.name)) {
    throw new Error(`Flow name "${spec.name}" must read domain.verb-noun (lower case, dashes)`);
  }
  return {
    ...spec,
    retry: { ...DEFAULT_RETRY, ...spec.retry },
    timeoutMs: spec.timeoutMs ?? 60 * 60 * 1000,
  };
}
