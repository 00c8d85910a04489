import type { ScheduleType } from '../schedule/price-schedule.types';

/** A file's confidence that it is a price schedule of `type`, and why (each reason with the points it gave). */
export interface Identification {
  type: ScheduleType;
  /** 0–1. */
  confidence: number;
  reasons: string[];
}
