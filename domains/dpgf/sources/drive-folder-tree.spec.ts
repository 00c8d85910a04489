import { DriveFolderTree } from './drive-folder-tree';

describe('DriveFolderTree', () => {
  const folder = (id: string, name: string, parent: string) => ({
    id,
    name,
    folder: { childCount: 1 },
    parentReference: { id: parent },
  });
  const tree = () => {
    const built = new DriveFolderTree({}, 'SCOPE');
    built.record({ id: 'ROOT', name: 'root', root: {} });
    built.record(folder('SCOPE', 'Appels d’offres', 'ROOT'));
    built.record(folder('CLIENT', 'Ville de Lyon', 'SCOPE'));
    built.record(folder('PROJECT', 'Voirie 2024', 'CLIENT'));
    return built;
  };

  it('rebuilds a path relative to the scanned folder from parent ids, with the folders on the way', () => {
    expect(tree().locate('PROJECT', 'DQE.xlsx')).toEqual({
      path: 'Ville de Lyon/Voirie 2024/DQE.xlsx',
      folders: ['Ville de Lyon', 'Voirie 2024'],
    });
    expect(tree().locate('SCOPE', 'DPGF.xlsx')).toEqual({ path: 'DPGF.xlsx', folders: [] });
  });

  it('says which folder is unknown, and that a file outside the scanned folder is outside', () => {
    const built = tree();
    built.record(folder('SUB', 'Lot 3', 'MISSING'));
    expect(built.locate('SUB', 'a.xlsx')).toEqual({ unknown: 'MISSING' });
    built.record(folder('OTHER', 'Archives', 'ROOT'));
    expect(built.locate('OTHER', 'a.xlsx')).toBe('outside');
  });

  it('follows a renamed folder and forgets a deleted one', () => {
    const built = tree();
    built.record(folder('PROJECT', 'Voirie 2025', 'CLIENT'));
    expect(built.locate('PROJECT', 'DQE.xlsx')).toMatchObject({ path: 'Ville de Lyon/Voirie 2025/DQE.xlsx' });
    built.record({ id: 'CLIENT', name: 'Ville de Lyon', deleted: { state: 'deleted' } });
    expect(built.locate('PROJECT', 'DQE.xlsx')).toEqual({ unknown: 'CLIENT' });
  });

  it('locates a known folder itself, and says the scanned folder and unknown ones are not below it', () => {
    const built = tree();
    expect(built.locateFolder('PROJECT')).toEqual({ path: 'Ville de Lyon/Voirie 2024', folders: ['Ville de Lyon'] });
    expect(built.has('PROJECT')).toBe(true);
    expect(built.locateFolder('SCOPE')).toBe('outside');
    expect(built.locateFolder('NOPE')).toEqual({ unknown: 'NOPE' });
    expect(built.has('NOPE')).toBe(false);
  });

  it('says whether a folder path leads from the scanned folder through known folders', () => {
    const built = tree();
    expect(built.hasFolderPath('')).toBe(true);
    expect(built.hasFolderPath('Ville de Lyon')).toBe(true);
    expect(built.hasFolderPath('Ville de Lyon/Voirie 2024')).toBe(true);
    expect(built.hasFolderPath('Ville de Lyon/Voirie 2025')).toBe(false);
    // Paths are relative to the scanned folder: the drive's own path to it is not one.
    expect(built.hasFolderPath('Appels d’offres/Ville de Lyon')).toBe(false);
    built.record(folder('PROJECT', 'Voirie 2025', 'CLIENT'));
    expect(built.hasFolderPath('Ville de Lyon/Voirie 2024')).toBe(false);
    expect(built.hasFolderPath('Ville de Lyon/Voirie 2025')).toBe(true);
  });

  it('stops on a loop in what was recorded', () => {
    const built = new DriveFolderTree({ A: { parent: 'B', name: 'a' }, B: { parent: 'A', name: 'b' } }, 'SCOPE');
    expect(built.locate('A', 'x.xlsx')).toBe('outside');
  });
});
