import type { ScheduleOrigin } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedSchedule, ParsedSection } from '@relais/domains/dpgf/schedule/price-schedule.types';
import type { EncodedElementBatch } from './element-batch.codec';

/** The importing thread asks the parsing thread to parse one workbook. */
export interface ParseRequest {
  type: 'parse';
  id: number;
  path: string;
  origin: ScheduleOrigin;
  batchSize: number;
  /** The unnumbered lines to read as headings (Gemini's answers), or null. */
  headings: string[] | null;
  /** Messages of batches the parsing thread may send before one is written: what bounds the memory between the two. */
  batchesAhead: number;
  /**
   * Batches travel together until they hold this many elements (or a lot or the file ends): with the default
   * chunk_size of 100, a message per batch cost more in thread hops than parsing the batch.
   */
  elementsPerMessage: number;
}

/** The importing thread has written one message's batches: the parsing thread may send one more. */
export interface BatchWritten {
  type: 'written';
  id: number;
}

/**
 * The importing thread gives up on the workbook under way (its sink failed): the parsing thread stops it and ends it
 * with a `failed` message, its last for that id.
 */
export interface ParseCancelled {
  type: 'cancel';
  id: number;
}

/** A lot as the parsing thread knows it: `key` names it across messages (objects do not keep their identity). */
export interface LotState {
  key: number;
  sheet: string;
  number: string | null;
  name: string;
  /** The lot's sections not sent before, in order. */
  newSections: ParsedSection[];
}

/** The schedule's facts so far (they can change as later sheets are read). */
export type ScheduleFacts = Pick<ParsedSchedule, 'client' | 'project' | 'date'>;

/** One batch of a message: the facts and lot state the parser had when it wrote it, and its element count. */
export interface BatchPart {
  facts: ScheduleFacts;
  lot: LotState;
  count: number;
}

export type ParseMessage =
  /** Consecutive batches, their elements encoded together, in the order of `parts`. */
  | { type: 'batches'; id: number; parts: BatchPart[]; elements: EncodedElementBatch }
  | { type: 'end-lot'; id: number; lot: LotState; schedule: Omit<ParsedSchedule, 'lots'>; lots: LotState[] }
  | { type: 'done'; id: number; schedule: Omit<ParsedSchedule, 'lots'>; lots: LotState[] }
  | { type: 'failed'; id: number; name: string; message: string };
