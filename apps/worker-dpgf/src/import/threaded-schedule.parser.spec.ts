import { promises as fsPromises } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePriceSchedule, type ScheduleSink } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import {
  writeBpu,
  writeCorrupt,
  writeGeneratedDpgf,
  writeTwoLotDpgf,
  writeUnnumberedHeadings,
} from '../../../../test/dpgf/fixtures/price-schedule-fixtures';
import { testTempDir } from '../../../../test/support/test-env';
import { ParsingThreadFailure, ThreadedScheduleParser } from './threaded-schedule.parser';

/** A sink that records every call with the values it saw at that moment (the objects go on changing after). */
function recordingSink(batchSize: number): { sink: ScheduleSink; calls: string[]; elements: () => number } {
  const calls: string[] = [];
  let elements = 0;
  return {
    calls,
    elements: () => elements,
    sink: {
      batchSize,
      write: (schedule, lot, batch) => {
        elements += batch.length;
        calls.push(JSON.stringify(['write', schedule, lot, batch]));
        return Promise.resolve();
      },
      endLot: (schedule, lot) => {
        calls.push(JSON.stringify(['end-lot', schedule, lot]));
        return Promise.resolve();
      },
    },
  };
}

/** A promise held shut until `open()`: a sink's write, or a test's wait, that the test releases. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const ORIGIN = { relativePath: 'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx', type: 'DPGF' as const };

describe('ThreadedScheduleParser', () => {
  jest.setTimeout(120_000);
  let directory: string;
  const parser = new ThreadedScheduleParser();
  const at = (name: string): string => join(directory, name);

  beforeAll(async () => {
    directory = await testTempDir('dpgf-threaded-');
    await writeTwoLotDpgf(at('two-lots.xlsx'));
    await writeBpu(at('bpu.xlsx'));
    await writeUnnumberedHeadings(at('headings.xlsx'), true);
    await writeGeneratedDpgf(at('generated.xlsx'), 6, 40, 2, 300);
    await writeCorrupt(at('corrupt.xlsx'));
    await copyFile(at('two-lots.xlsx'), at('crash.xlsx'));
  });

  afterAll(async () => {
    await parser.close();
    await rm(directory, { recursive: true, force: true });
  });

  it.each(['two-lots.xlsx', 'bpu.xlsx', 'headings.xlsx', 'generated.xlsx'])(
    'hands the sink the same calls, in the same order, as parsing on this thread (%s)',
    async (file) => {
      const direct = recordingSink(7);
      const expected = await parsePriceSchedule(at(file), ORIGIN, direct.sink);
      const threaded = recordingSink(7);
      const schedule = await parser.parse(at(file), ORIGIN, threaded.sink);
      expect(threaded.calls).toEqual(direct.calls);
      expect(schedule).toEqual(expected);
      expect(threaded.elements()).toBeGreaterThan(0);
    },
  );

  it('hands the sink the same calls when batches travel in groups cut anywhere', async () => {
    const grouped = new ThreadedScheduleParser({ elementsPerMessage: 15, batchesAhead: 1 });
    try {
      for (const file of ['two-lots.xlsx', 'generated.xlsx']) {
        const direct = recordingSink(7);
        await parsePriceSchedule(at(file), ORIGIN, direct.sink);
        const threaded = recordingSink(7);
        await grouped.parse(at(file), ORIGIN, threaded.sink);
        expect(threaded.calls).toEqual(direct.calls);
      }
    } finally {
      await grouped.close();
    }
  });

  it('reads the headings it is given as sections, as the classifier asks', async () => {
    const headings = ['GROS OEUVRE', 'MENUISERIES EXTÉRIEURES'];
    const direct = recordingSink(100);
    const labels = { labelOf: (text: string) => (headings.includes(text) ? ('section' as const) : null) };
    const expected = await parsePriceSchedule(at('headings.xlsx'), ORIGIN, direct.sink, labels);
    const threaded = recordingSink(100);
    expect(await parser.parse(at('headings.xlsx'), ORIGIN, threaded.sink, headings)).toEqual(expected);
    expect(threaded.calls).toEqual(direct.calls);
  });

  it('fails a corrupt workbook with the parser’s message, and reads the next file', async () => {
    const failed = parser.parse(at('corrupt.xlsx'), ORIGIN, recordingSink(10).sink);
    await expect(failed).rejects.toThrow(/corrupt\.xlsx is not a readable \.xlsx\/\.xlsm workbook/);
    await expect(failed).rejects.toHaveProperty('name', 'UnreadableWorkbook');
    const next = recordingSink(10);
    await parser.parse(at('two-lots.xlsx'), ORIGIN, next.sink);
    expect(next.elements()).toBe(11);
  });

  it('fails the file whose thread dies, and starts a new thread for the next', async () => {
    const crashing = new ThreadedScheduleParser({
      threadEntry: join(__dirname, '../../../../test/dpgf/fixtures/crashing-parse.thread.ts'),
    });
    try {
      const failed = crashing.parse(at('crash.xlsx'), ORIGIN, recordingSink(10).sink);
      await expect(failed).rejects.toThrow(ParsingThreadFailure);
      await expect(failed).rejects.toThrow(/crash\.xlsx|exited with code 3/);
      const next = recordingSink(10);
      await crashing.parse(at('two-lots.xlsx'), ORIGIN, next.sink);
      expect(next.elements()).toBe(11);
    } finally {
      await crashing.close();
    }
  });

  it('parses a file over `inThreadUpToBytes` on the calling thread (its thread is never asked)', async () => {
    const onCaller = new ThreadedScheduleParser({
      inThreadUpToBytes: 0,
      threadEntry: join(__dirname, '../../../../test/dpgf/fixtures/crashing-parse.thread.ts'),
    });
    try {
      const direct = recordingSink(10);
      await onCaller.parse(at('crash.xlsx'), ORIGIN, direct.sink);
      expect(direct.elements()).toBe(11);
    } finally {
      await onCaller.close();
    }
  });

  it('fails with the sink’s error when a write fails, what was handed on before included', async () => {
    let writes = 0;
    const failing: ScheduleSink = {
      batchSize: 10,
      write: () => {
        writes += 1;
        return writes === 3 ? Promise.reject(new Error('disk full')) : Promise.resolve();
      },
      endLot: () => Promise.resolve(),
    };
    await expect(parser.parse(at('generated.xlsx'), ORIGIN, failing)).rejects.toThrow('disk full');
    expect(writes).toBe(3); // nothing handed on after the failure
    const next = recordingSink(10);
    await parser.parse(at('two-lots.xlsx'), ORIGIN, next.sink);
    expect(next.elements()).toBe(11);
  });

  it('parses at most `batchesAhead` batches ahead of a slow sink, then all of them once it catches up', async () => {
    // A message per batch (the default groups batches until they hold 1 000 elements: this file's 240 in one).
    const bounded = new ThreadedScheduleParser({ batchesAhead: 2, elementsPerMessage: 5 });
    const blocked = gate();
    let written = 0;
    const slow: ScheduleSink = {
      batchSize: 5,
      write: async (_schedule, _lot, batch) => {
        await blocked.opened;
        written += batch.length;
      },
      endLot: () => Promise.resolve(),
    };
    try {
      const parsing = bounded.parse(at('generated.xlsx'), ORIGIN, slow);
      // The first batch is in the sink (blocked), the second waits; the thread waits for a write before a third.
      while (bounded.queuedBatches < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(bounded.queuedBatches).toBe(1);
      expect(written).toBe(0);
      blocked.open();
      await parsing;
      expect(written).toBe(240);
      expect(bounded.queuedBatches).toBe(0);
    } finally {
      await bounded.close();
    }
  });

  it('gives the thread the files in the order they were given, whichever size is read first', async () => {
    // The first file's size comes back last: it was then sent to the thread after the second, and parsed after it.
    const ordered = new ThreadedScheduleParser({ maxThreads: 1 });
    const realStat = fsPromises.stat;
    const firstSize = gate();
    const stat = jest.spyOn(fsPromises, 'stat').mockImplementation(async (path, options) => {
      if (path === at('generated.xlsx')) await firstSize.opened;
      return realStat(path, options);
    });
    const order: string[] = [];
    const noting = (name: string): ScheduleSink => ({
      batchSize: 100,
      write: () => {
        order.push(name);
        return Promise.resolve();
      },
      endLot: () => Promise.resolve(),
    });
    try {
      const first = ordered.parse(at('generated.xlsx'), ORIGIN, noting('generated'));
      const second = ordered.parse(at('two-lots.xlsx'), ORIGIN, noting('two-lots'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      firstSize.open();
      await Promise.all([first, second]);
      expect(order[0]).toBe('generated');
      expect(order.lastIndexOf('generated')).toBeLessThan(order.indexOf('two-lots'));
    } finally {
      stat.mockRestore();
      firstSize.open();
      await ordered.close();
    }
  });

  it('parses the next file while the last batches of the previous one are still being written', async () => {
    const pipelined = new ThreadedScheduleParser({ batchesAhead: 3, maxThreads: 1 });
    const lastWrite = gate();
    let firstWrites = 0;
    // 240 elements in batches of 100: the third write (the file's last) waits until released.
    const holdingLast: ScheduleSink = {
      batchSize: 100,
      write: async () => {
        firstWrites += 1;
        if (firstWrites === 3) await lastWrite.opened;
      },
      endLot: () => Promise.resolve(),
    };
    const second = recordingSink(100);
    const secondStarted = gate();
    const write = second.sink.write.bind(second.sink);
    second.sink.write = (schedule, lot, batch) => {
      secondStarted.open();
      return write(schedule, lot, batch);
    };
    try {
      const first = pipelined.parse(at('generated.xlsx'), ORIGIN, holdingLast);
      const next = pipelined.parse(at('two-lots.xlsx'), ORIGIN, second.sink);
      // Its one thread is free once it has sent the first file's last batch: the second file is read meanwhile.
      const waited = await Promise.race([
        secondStarted.opened.then(() => 'second file read'),
        new Promise((resolve) => setTimeout(() => resolve('timed out'), 20_000)),
      ]);
      expect(waited).toBe('second file read');
      expect(firstWrites).toBe(3);
      lastWrite.open();
      expect((await first).lots).toHaveLength(1);
      expect((await next).lots).toHaveLength(2);
      expect(second.elements()).toBeGreaterThan(0);
    } finally {
      lastWrite.open();
      await pipelined.close();
    }
  });

  it('fails only the workbook whose sink failed, not the one queued behind it on the same thread', async () => {
    const shared = new ThreadedScheduleParser({ maxThreads: 1, batchesAhead: 1, elementsPerMessage: 7 });
    const failing: ScheduleSink = {
      batchSize: 7,
      write: () => Promise.reject(new Error('disk full')),
      endLot: () => Promise.resolve(),
    };
    try {
      const direct = recordingSink(7);
      await parsePriceSchedule(at('generated.xlsx'), ORIGIN, direct.sink);
      const queued = recordingSink(7);
      // The first stops at its first write while the thread waits to send more; the second waits in the thread.
      const first = shared.parse(at('generated.xlsx'), ORIGIN, failing);
      const second = shared.parse(at('generated.xlsx'), ORIGIN, queued.sink);
      await expect(first).rejects.toThrow('disk full');
      await second;
      expect(queued.calls).toEqual(direct.calls);
      // And the thread goes on with the next.
      const next = recordingSink(7);
      await shared.parse(at('generated.xlsx'), ORIGIN, next.sink);
      expect(next.calls).toEqual(direct.calls);
    } finally {
      await shared.close();
    }
  });
});
