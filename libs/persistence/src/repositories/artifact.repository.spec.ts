import { randomUUID } from 'node:crypto';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { ArtifactEntity } from '../entities';
import { ArtifactRepository } from './artifact.repository';

describe('ArtifactRepository', () => {
  const db = useMigratedDatabase();
  let artifacts: ArtifactRepository;
  beforeAll(() => {
    artifacts = new ArtifactRepository(db.dataSource);
  });

  const anArtifact = (overrides: Partial<ArtifactEntity>): ArtifactEntity => ({
    id: randomUUID(),
    runId: randomUUID(),
    kind: 'json',
    key: 'health-report',
    content: '{}',
    createdAt: 1_732_190_000_000,
    ...overrides,
  });

  it('stores a report larger than a MySQL TEXT column (64 KB) and reads it back unchanged', async () => {
    const content = JSON.stringify({
      findings: Array.from({ length: 4000 }, (_, i) => ({ check: `c${i}`, note: 'é✓'.repeat(20) })),
    });
    expect(Buffer.byteLength(content)).toBeGreaterThan(200_000);
    const report = anArtifact({ content });

    await artifacts.insert(report);

    expect(await artifacts.findById(report.id)).toEqual(report);
  });

  it("lists a run's artifacts oldest first and the latest of a series newest first", async () => {
    const runId = randomUUID();
    const series = [3, 1, 2].map((n) =>
      anArtifact({ runId, key: 'workflow-report', kind: 'markdown', createdAt: 1_000 * n }),
    );
    for (const artifact of series) await artifacts.insert(artifact);

    expect((await artifacts.findByRun(runId)).map((artifact) => artifact.createdAt)).toEqual([1_000, 2_000, 3_000]);
    expect((await artifacts.findLatestByKey('workflow-report', 2)).map((artifact) => artifact.createdAt)).toEqual([
      3_000, 2_000,
    ]);
    expect(await artifacts.findById(randomUUID())).toBeNull();
  });
});
