import { RunState } from '@relais/contracts';
import { type ProcessBatchResult } from '@relais/domains/scrutart/contracts';
import { ArtifactRepository, type FlowRunEntity } from '@relais/persistence';
import { startScrutartWorld, type ScrutartWorld } from './scrutart-worker-harness';

/** The most runs whose [startedAt, endedAt) intervals overlap at one instant. */
function maxOverlap(runs: FlowRunEntity[]): number {
  const edges = runs.flatMap((run) => [
    { at: run.startedAt!, delta: 1 },
    { at: run.endedAt!, delta: -1 },
  ]);
  // At equal times an end comes first: a run that starts as another ends did not run beside it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let max = 0;
  for (const edge of edges) {
    running += edge.delta;
    max = Math.max(max, running);
  }
  return max;
}

describe('scrutart.process-batch against the fakes', () => {
  let world: ScrutartWorld;

  beforeAll(async () => {
    world = await startScrutartWorld({ syntheticArtists: 11, env: { WORKER_CONCURRENCY: '20' } });
    // Slower pages keep several artists in flight at once, so that the limit is what holds them back.
    world.fakes.wordpress!.responseDelayMs = 150;
  });

  afterAll(async () => {
    await world.stop();
  });

  it('runs 12 artists with concurrency 5: never more than 5 at once, and reports the counts', async () => {
    const qids = [...world.fakes.syntheticQids, 'Q999999999'];
    expect(qids).toHaveLength(12);

    const batch = await world.runToEnd(
      'scrutart.process-batch',
      { qids: [...qids, qids[0]], batch_name: 'Synthetic painters', concurrency: 5, languages: ['fr', 'en'] },
      120_000,
    );

    expect(batch.error).toBeNull();
    expect(batch.state).toBe(RunState.COMPLETED);
    const result = batch.result as ProcessBatchResult;
    expect(result).toMatchObject({
      batch_name: 'Synthetic painters',
      total: 12,
      succeeded: 11,
      failed: 1,
      duplicates: [qids[0]],
    });
    expect(result.results.find((outcome) => outcome.qid === 'Q999999999')).toMatchObject({
      state: RunState.FAILED,
      error: 'Q999999999 not found on Wikidata',
      artist_name: null,
    });
    expect(
      result.results
        .filter((outcome) => outcome.state === RunState.COMPLETED)
        .map((outcome) => outcome.qid)
        .sort(),
    ).toEqual(world.fakes.syntheticQids.slice().sort());

    const children = await world.runs.findChildren(batch.id);
    expect(children).toHaveLength(12);
    expect(children.every((child) => child.attempts === 1)).toBe(true);
    const overlap = maxOverlap(children);
    expect(overlap).toBeLessThanOrEqual(5);
    expect(overlap).toBeGreaterThan(1);

    // Every artist got a page per language; the report lists them.
    const pages = world.fakes.wordpress!.itemsOfType('page');
    for (const qid of world.fakes.syntheticQids) {
      expect(pages.filter((page) => page.slug.startsWith(`${qid.toLowerCase()}-`))).toHaveLength(2);
    }
    const report = await world.worker.get(ArtifactRepository).findById(result.report_id);
    expect(report?.content).toContain('# Synthetic painters');
    expect(report?.content).toContain('12 artists: 11 succeeded, 1 failed');
    expect(report?.content).toContain('| Q999999999 |  | FAILED |');
  });
});
