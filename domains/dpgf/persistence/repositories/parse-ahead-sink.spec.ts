import type { ScheduleSink } from '../../schedule/price-schedule.parser';
import type { ParsedElement, ParsedLot, ParsedSchedule } from '../../schedule/price-schedule.types';
import type { SectionElement } from '../../schedule/sheet.parser';
import { ParseAheadSink } from './parse-ahead-sink';

const SCHEDULE = {} as ParsedSchedule;
const LOT = { sheet: 'Lot 1' } as ParsedLot;
const batchOf = (size: number, first: number): SectionElement[] =>
  Array.from({ length: size }, (_, index) => [0, { designation: `row ${first + index}` } as ParsedElement]);

/** A sink that records its calls, each write taking a turn of the event loop, as an INSERT does. */
function recordingSink(): { sink: ScheduleSink; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    sink: {
      batchSize: 2,
      write: async (_schedule, _lot, batch) => {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push(`write ${batch.map(([, element]) => element.designation).join(',')}`);
      },
      endLot: (_schedule, lot) => {
        calls.push(`end ${lot.sheet}`);
        return Promise.resolve();
      },
    },
  };
}

describe('ParseAheadSink', () => {
  it('holds the calls made before it is attached and replays them first, in order, then passes calls through', async () => {
    const ahead = new ParseAheadSink(2, 100);
    await ahead.write(SCHEDULE, LOT, batchOf(2, 0));
    await ahead.write(SCHEDULE, LOT, batchOf(2, 2));
    const target = recordingSink();

    const attaching = ahead.attach(target.sink);
    // Made while the held ones are being replayed: it must come after them.
    const during = ahead.write(SCHEDULE, LOT, batchOf(1, 4));
    await attaching;
    await during;
    await ahead.endLot(SCHEDULE, LOT);

    expect(target.calls).toEqual(['write row 0,row 1', 'write row 2,row 3', 'write row 4', 'end Lot 1']);
  });

  it('makes the reader wait once it holds its bound, until it is attached', async () => {
    const ahead = new ParseAheadSink(2, 4);
    await ahead.write(SCHEDULE, LOT, batchOf(2, 0));
    let resumed = false;
    const full = ahead.write(SCHEDULE, LOT, batchOf(2, 2)).then(() => {
      resumed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(resumed).toBe(false);

    const target = recordingSink();
    await ahead.attach(target.sink);
    await full;

    expect(resumed).toBe(true);
    expect(target.calls).toEqual(['write row 0,row 1', 'write row 2,row 3']);
  });

  it('stops the reader when the import fails: the waiting call and every later one reject, nothing is replayed', async () => {
    const ahead = new ParseAheadSink(2, 2);
    const waiting = ahead.write(SCHEDULE, LOT, batchOf(2, 0));
    const failure = new Error('the transaction could not begin');

    ahead.fail(failure);

    await expect(waiting).rejects.toBe(failure);
    await expect(ahead.write(SCHEDULE, LOT, batchOf(1, 2))).rejects.toBe(failure);
    await expect(ahead.endLot(SCHEDULE, LOT)).rejects.toBe(failure);
    const target = recordingSink();
    await ahead.attach(target.sink).catch(() => undefined);
    expect(target.calls).toEqual([]);
  });
});
