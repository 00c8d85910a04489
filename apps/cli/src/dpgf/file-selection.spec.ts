import { UsageError } from '../cli-errors';
import { parseFileSelection } from './file-selection';

describe('parseFileSelection', () => {
  it('reads numbers and ranges, all, none, and takes the preselected files on Enter', () => {
    expect(parseFileSelection('3, 1-2 5', 6, [])).toEqual([1, 2, 3, 5]);
    expect(parseFileSelection('all', 3, [])).toEqual([1, 2, 3]);
    expect(parseFileSelection('none', 3, [1])).toEqual([]);
    expect(parseFileSelection('  ', 3, [1, 2])).toEqual([1, 2]);
  });

  it('names what it cannot read', () => {
    expect(() => parseFileSelection('4', 3, [])).toThrow(
      new UsageError('"4" is not a file number or range between 1 and 3'),
    );
    expect(() => parseFileSelection('2-x', 3, [])).toThrow(UsageError);
    expect(() => parseFileSelection('3-1', 3, [])).toThrow(UsageError);
  });
});
