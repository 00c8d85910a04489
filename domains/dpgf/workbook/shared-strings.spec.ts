import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SharedStrings } from './shared-strings';

/** Strings of varied lengths and scripts (accents, CJK, emoji: 2–4 UTF-8 bytes a character), some empty. */
function sampleStrings(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    if (index % 97 === 0) return '';
    const piece = ['Béton armé C25/30', '鋼筋', '🧱 maçonnerie', 'u', 'Fourniture et pose'][index % 5];
    return `${index}:${piece.repeat(1 + (index % 13))}`;
  });
}

/** The temporary files this process holds open (the spill file is unlinked: its link shows "(deleted)"). */
function openSpillFiles(): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.includes('relais-spill-'));
}

describe('SharedStrings', () => {
  const strings = sampleStrings(3000);

  function filled(table: SharedStrings, texts: string[]): SharedStrings {
    for (const [index, text] of texts.entries()) {
      if (index % 3 === 0) {
        // Given in parts, as a rich text's runs are.
        const bytes = Buffer.from(text, 'utf8');
        table.begin();
        table.appendBytes(bytes, 0, Math.floor(bytes.length / 2));
        table.appendBytes(bytes, Math.floor(bytes.length / 2), bytes.length);
        table.end();
      } else table.add(text);
    }
    return table;
  }

  it('keeps a small table in memory and gives back every string', () => {
    const table = filled(new SharedStrings({ expectedBytes: 200_000, blockBytes: 4096 }), strings);
    expect(table.spilled).toBe(false);
    expect(strings.map((_, index) => table.at(index))).toEqual(strings);
    expect(table.at(strings.length)).toBeNull();
    expect(table.at(-1)).toBeNull();
  });

  it('spills a table expected over the threshold to an unlinked file and reads it back in any order', () => {
    const table = filled(
      new SharedStrings({ expectedBytes: 200_000, spillOverBytes: 100_000, blockBytes: 4096 }),
      strings,
    );
    try {
      expect(table.spilled).toBe(true);
      // Unlinked at once: nothing in the temporary folder, only the open descriptor.
      expect(readdirSync(tmpdir()).filter((name) => name.startsWith('relais-spill-'))).toEqual([]);
      expect(openSpillFiles()).toEqual([expect.stringContaining('(deleted)')]);
      expect(strings.map((_, index) => table.at(index))).toEqual(strings);
      const shuffled = strings.map((_, index) => (index * 7919) % strings.length);
      expect(shuffled.map((index) => table.at(index))).toEqual(shuffled.map((index) => strings[index]));
    } finally {
      table.close();
    }
    expect(openSpillFiles()).toEqual([]);
  });

  it('spills a string longer than a block and than the read window', () => {
    const long = 'é'.repeat(700_000); // 1.4 MB of UTF-8: over the 1 MB window
    const texts = ['avant', 'x'.repeat(5000), long, 'après', ...sampleStrings(50)];
    const table = filled(new SharedStrings({ expectedBytes: 2e6, spillOverBytes: 1, blockBytes: 1024 }), texts);
    try {
      expect(texts.map((_, index) => table.at(index))).toEqual(texts);
      expect(table.at(2)).toBe(long);
    } finally {
      table.close();
    }
  });

  it('closes its file once, and refuses reads of spilled strings after', () => {
    const table = filled(new SharedStrings({ expectedBytes: 1e6, spillOverBytes: 1, blockBytes: 1024 }), strings);
    table.close();
    table.close();
    expect(openSpillFiles()).toEqual([]);
    expect(() => table.at(1)).toThrow('spill file is closed');
  });
});
