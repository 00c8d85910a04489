import { renderTable, truncate } from './table';
import { TerminalStyle } from './terminal-style';

describe('renderTable', () => {
  it('aligns columns under their headers, numbers to the right, without trailing spaces', () => {
    const table = renderTable(
      [{ header: 'NAME' }, { header: 'RUNS', align: 'right' }, { header: 'NOTE' }],
      [
        ['ops.health-check', '12', ''],
        ['scrutart.process-artist', '3', 'slow'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'NAME                     RUNS  NOTE',
      'ops.health-check           12',
      'scrutart.process-artist     3  slow',
    ]);
  });

  it('pads before colouring, so colour codes never shift the columns', () => {
    const style = new TerminalStyle(true);
    const table = renderTable(
      [{ header: 'STATE' }, { header: 'ID' }],
      [
        [{ text: 'FAILED', style: (text) => style.state(text, 'FAILED') }, 'a'],
        [{ text: 'COMPLETED', style: (text) => style.state(text, 'COMPLETED') }, 'b'],
      ],
    );
    const [, failed, completed] = table.split('\n');
    expect(failed).toBe('\u001b[31mFAILED   \u001b[0m  a');
    expect(completed).toBe('\u001b[32mCOMPLETED\u001b[0m  b');
  });

  it('keeps every row on one line and counts accented letters as one column', () => {
    const table = renderTable(
      [{ header: 'A' }, { header: 'B' }],
      [
        ['élément', 'x'],
        ['line\n  two', 'y'],
      ],
    );
    expect(table.split('\n')).toEqual(['A         B', 'élément   x', 'line two  y']);
  });

  it('renders nothing for no rows', () => {
    expect(renderTable([{ header: 'A' }], [])).toBe('');
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis only when too long', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a much longer message', 10)).toBe('a much lo…');
  });
});

describe('TerminalStyle', () => {
  it('colours only a TTY without NO_COLOR', () => {
    expect(TerminalStyle.for({ isTTY: true }, {}).enabled).toBe(true);
    expect(TerminalStyle.for({ isTTY: true }, { NO_COLOR: '1' }).enabled).toBe(false);
    expect(TerminalStyle.for({ isTTY: false }, {}).enabled).toBe(false);
    expect(TerminalStyle.plain.state('FAILED')).toBe('FAILED');
  });
});
