import { Injectable } from '@nestjs/common';

/**
 * The AbortControllers of the runs this worker is executing. A cancel request can arrive a moment before the
 * run registers (the job was just taken): such requests are remembered briefly and applied on registration.
 */
@Injectable()
export class RunAbortRegistry {
  private readonly controllers = new Map<string, AbortController>();
  private readonly earlyRequests = new Map<string, { reason: Error; at: number }>();
  private readonly earlyRequestTtlMs = 60_000;

  register(runId: string): AbortController {
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    const early = this.earlyRequests.get(runId);
    if (early) {
      this.earlyRequests.delete(runId);
      controller.abort(early.reason);
    }
    return controller;
  }

  /** Forgets the run's controller if it is still `controller` (a later delivery of the run may have replaced it). */
  unregister(runId: string, controller: AbortController): void {
    if (this.controllers.get(runId) === controller) this.controllers.delete(runId);
  }

  /** Aborts the run if it runs here; otherwise remembers the request for a minute. */
  abort(runId: string, reason: Error): void {
    const controller = this.controllers.get(runId);
    if (controller) {
      controller.abort(reason);
      return;
    }
    const now = Date.now();
    for (const [id, request] of this.earlyRequests)
      if (now - request.at > this.earlyRequestTtlMs) this.earlyRequests.delete(id);
    this.earlyRequests.set(runId, { reason, at: now });
  }

  /** Aborts the run if it runs here; otherwise does nothing (the request concerns an attempt that has ended). */
  abortIfRunning(runId: string, reason: Error): void {
    this.controllers.get(runId)?.abort(reason);
  }

  abortAll(reason: Error): void {
    for (const controller of this.controllers.values()) controller.abort(reason);
  }

  get size(): number {
    return this.controllers.size;
  }
}
