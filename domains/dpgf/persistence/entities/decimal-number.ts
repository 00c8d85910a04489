import type { ValueTransformer } from 'typeorm';

/** DECIMAL columns as numbers: MySQL returns them as strings (to keep precision), SQLite as numbers. */
export const decimalNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
