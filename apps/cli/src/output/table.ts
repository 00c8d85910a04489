/** A table cell: its text, and optionally how to style it once padded (colour codes never count as width). */
export type TableCell = string | { text: string; style: (text: string) => string };

export interface TableColumn {
  header: string;
  /** Numbers read best aligned right. */
  align?: 'left' | 'right';
}

const GAP = '  ';

/** Aligned columns under their headers; trailing spaces are trimmed. Returns '' for no rows. */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[]): string {
  if (rows.length === 0) return '';
  const texts = rows.map((row) => columns.map((_, index) => textOf(row[index] ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(width(column.header), ...texts.map((cells) => width(cells[index] ?? ''))),
  );
  const pad = (text: string, index: number): string => {
    const fill = ' '.repeat((widths[index] ?? 0) - width(text));
    return columns[index]?.align === 'right' ? fill + text : text + fill;
  };
  const lines = [columns.map((column, index) => pad(column.header, index)).join(GAP)];
  rows.forEach((row, rowIndex) => {
    const cells = columns.map((_, index) => {
      const padded = pad(texts[rowIndex]?.[index] ?? '', index);
      const cell = row[index] ?? '';
      return typeof cell === 'string' ? padded : cell.style(padded);
    });
    lines.push(cells.join(GAP));
  });
  return lines.map((line) => line.trimEnd()).join('\n');
}

function textOf(cell: TableCell): string {
  // A cell never spans lines: a multi-line error message would break the columns.
  const text = typeof cell === 'string' ? cell : cell.text;
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Characters as a terminal shows them (code points, so "é" is one column). */
function width(text: string): number {
  return [...text].length;
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
