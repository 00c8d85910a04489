/**
 * The parsing thread's code (started by ThreadedScheduleParser): parses the workbooks it is given one at a time, in
 * order, and sends their elements in batches (grouped up to `elementsPerMessage` elements a message), at most
 * `batchesAhead` messages unwritten, so that the importing thread writes one batch while this one parses the next. Imports are relative on purpose: under ts-node and Jest this file and its
 * imports are transpiled for the thread by the importing thread, which resolves relative paths only.
 */
import { parentPort } from 'node:worker_threads';
import { parsePriceSchedule } from '../../../../domains/dpgf/schedule/price-schedule.parser';
import type { ParsedLot, ParsedSchedule } from '../../../../domains/dpgf/schedule/price-schedule.types';
import { encodeElementBatch } from './element-batch.codec';
import { labelOf } from './heading-labels';
import type { SectionElement } from '../../../../domains/dpgf/schedule/sheet.parser';
import type {
  BatchPart,
  BatchWritten,
  ParseCancelled as ParseCancelledMessage,
  LotState,
  ParseMessage,
  ParseRequest,
  ScheduleFacts,
} from './schedule-parse.protocol';

if (!parentPort) throw new Error('schedule-parse.thread runs in a worker thread');
const port = parentPort;

/** The parse under way: what to call when the importing thread has written one of its messages, or gave up on it. */
let current: { id: number; written: () => void; cancel: () => void } | null = null;
/**
 * Workbooks given while another is parsed (the importing thread sends the next one ahead, so that this thread
 * starts it the moment it is done with the last), parsed in order.
 */
const queued: ParseRequest[] = [];
let draining = false;

port.on('message', (message: ParseRequest | BatchWritten | ParseCancelledMessage) => {
  if (message.type === 'written') {
    if (message.id === current?.id) current.written();
  } else if (message.type === 'cancel') {
    // Only a workbook under way can be given up on: its sink is called once this thread has sent it batches.
    if (message.id === current?.id) current.cancel();
  } else {
    queued.push(message);
    void drain();
  }
});

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  for (let request = queued.shift(); request; request = queued.shift()) await parse(request);
  draining = false;
}

/** Thrown into the parser when the importing thread gave up on the workbook. */
class ParseCancelled extends Error {
  override readonly name = 'ParseCancelled';
  constructor() {
    super('the import stopped reading this workbook');
  }
}

async function parse(request: ParseRequest): Promise<void> {
  const send = (message: ParseMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const { id } = request;
  const keys = new Map<ParsedLot, LotState & { sent: number }>();
  let unwritten = 0;
  let waiting: (() => void) | null = null;
  /** Set when the importing thread gave up on this workbook (an object: closures set it). */
  const cancellation = { cancelled: false };
  current = {
    id,
    written: () => {
      unwritten -= 1;
      waiting?.();
    },
    cancel: () => {
      cancellation.cancelled = true;
      waiting?.();
    },
  };
  const lotState = (lot: ParsedLot): LotState => {
    let state = keys.get(lot);
    if (!state) {
      state = { key: keys.size, sheet: lot.sheet, number: lot.number, name: lot.name, newSections: [], sent: 0 };
      keys.set(lot, state);
    }
    const newSections = lot.sections.slice(state.sent);
    state.sent = lot.sections.length;
    return { key: state.key, sheet: lot.sheet, number: lot.number, name: lot.name, newSections };
  };
  const facts = (schedule: ParsedSchedule): ScheduleFacts => ({
    client: schedule.client,
    project: schedule.project,
    date: schedule.date,
  });
  const headings = request.headings && new Set(request.headings);
  try {
    // Batches waiting to travel together (see ParseRequest.elementsPerMessage).
    let parts: BatchPart[] = [];
    let elements: SectionElement[] = [];
    const flush = async (): Promise<void> => {
      if (parts.length === 0) return;
      // Back-pressure: wait until the importing thread has written enough of what was sent.
      while (unwritten >= request.batchesAhead && !cancellation.cancelled)
        await new Promise<void>((resolve) => (waiting = resolve));
      waiting = null;
      if (cancellation.cancelled) throw new ParseCancelled();
      unwritten += 1;
      const encoded = encodeElementBatch(elements);
      send({ type: 'batches', id, parts, elements: encoded }, [encoded.numbers.buffer, encoded.lengths.buffer]);
      parts = [];
      elements = [];
    };
    const schedule = await parsePriceSchedule(
      request.path,
      request.origin,
      {
        batchSize: request.batchSize,
        write: async (schedule, lot, batch) => {
          parts.push({ facts: facts(schedule), lot: lotState(lot), count: batch.length });
          for (const element of batch) elements.push(element);
          if (elements.length >= request.elementsPerMessage) await flush();
        },
        endLot: async (schedule, lot) => {
          await flush();
          const state = lotState(lot);
          const { lots, ...rest } = schedule;
          send({ type: 'end-lot', id, lot: state, schedule: rest, lots: lots.map(lotState) });
        },
      },
      headings ? { labelOf: (text) => labelOf(headings, text) } : undefined,
    );
    await flush();
    const { lots, ...rest } = schedule;
    send({ type: 'done', id, schedule: rest, lots: lots.map(lotState) });
  } catch (error) {
    // A cancelled parse ends with `failed` too: its last message, which frees it on the importing side.
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    send({ type: 'failed', id, name, message });
  } finally {
    current = null;
  }
}
