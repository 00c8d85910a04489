import type { ImportAtSource } from '@relais/domains/dpgf/persistence';
import { planSourceChanges } from './source-changes';

describe('planSourceChanges', () => {
  let nextId = 1;
  const imported = (sourceId: string, path: string, extra: Partial<ImportAtSource> = {}): ImportAtSource => ({
    id: nextId++,
    sourceId,
    path,
    sha256: 'a'.repeat(64),
    sourceTag: null,
    sourceDeletedAt: null,
    ...extra,
  });
  const nothing = { files: [], movedFolders: [], removedFolders: [], removedFiles: [] };

  it('moves the imports below a renamed folder, the deepest move winning inside a moved folder', () => {
    const lyon = imported('F1', 'Lyon/Voirie 2024/DQE.xlsx');
    const lot = imported('F2', 'Lyon/Voirie 2024/Lots/DPGF lot 1.xlsx');
    const other = imported('F3', 'Lyon/Voirie 2024b/DPGF.xlsx');
    const plan = planSourceChanges(
      {
        ...nothing,
        movedFolders: [
          { from: 'Lyon/Voirie 2024', to: 'Lyon/Voirie 2025' },
          { from: 'Lyon/Voirie 2024/Lots', to: 'Lyon/Voirie 2025/Lots définitifs' },
        ],
      },
      [lyon, lot, other],
    );
    expect(plan.relocations).toEqual([
      { importId: lyon.id, from: lyon.path, to: { sourceId: 'F1', path: 'Lyon/Voirie 2025/DQE.xlsx' } },
      {
        importId: lot.id,
        from: lot.path,
        to: { sourceId: 'F2', path: 'Lyon/Voirie 2025/Lots définitifs/DPGF lot 1.xlsx' },
      },
    ]);
    expect(plan.deletions).toEqual([]);
  });

  it('follows a renamed file by id, and knows it unchanged when the source hash is the imported one', () => {
    const same = imported('F1', 'Lyon/DQE.xlsx', { sourceTag: 'tag-1' });
    const changed = imported('F2', 'Lyon/BPU.xlsx', { sourceTag: 'tag-2' });
    const plan = planSourceChanges(
      {
        ...nothing,
        files: [
          { id: 'F1', path: 'Lyon/DQE final.xlsx', size: 1, contentTag: 'tag-1' },
          { id: 'F2', path: 'Lyon/BPU.xlsx', size: 1, contentTag: 'tag-9' },
        ],
      },
      [same, changed],
    );
    expect(plan.relocations).toEqual([
      { importId: same.id, from: 'Lyon/DQE.xlsx', to: { sourceId: 'F1', path: 'Lyon/DQE final.xlsx' } },
    ]);
    expect(plan.unchangedIds).toEqual(['F1']);
  });

  it('flags the imports of deleted files and of files below a deleted folder once, and a listed file wins', () => {
    const deleted = imported('F1', 'Lyon/DQE.xlsx');
    const below = imported('F2', 'Sud/Pins/DPGF.xlsx');
    const flagged = imported('F3', 'Sud/Pins/BPU.xlsx', { sourceDeletedAt: 1 });
    const back = imported('F4', 'Sud/Pins/DQE.xlsx', { sourceDeletedAt: 1 });
    const gone = imported('/srv/a.xlsx', 'a.xlsx');
    const plan = planSourceChanges(
      {
        ...nothing,
        files: [{ id: 'F4', path: 'Sud/Pins/DQE.xlsx', size: 1 }],
        removedFiles: ['F1'],
        removedFolders: ['Sud/Pins'],
      },
      [deleted, below, flagged, back, gone],
      ['/srv/a.xlsx'],
    );
    expect(plan.deletions).toEqual([
      { importId: deleted.id, path: deleted.path },
      { importId: below.id, path: below.path },
      { importId: gone.id, path: gone.path },
    ]);
    expect(plan.restorations).toEqual([back.id]);
    expect(plan.relocations).toEqual([]);
  });

  it('leaves imports alone when nothing concerns them', () => {
    const plan = planSourceChanges({ ...nothing, movedFolders: [{ from: 'Lyon', to: 'Lyon 2' }] }, [
      imported('F1', 'Lyonnais/DQE.xlsx'),
    ]);
    expect(plan).toEqual({ relocations: [], deletions: [], restorations: [], unchangedIds: [] });
  });
});
