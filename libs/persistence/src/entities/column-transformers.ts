import type { ValueTransformer } from 'typeorm';

/** mysql2 returns BIGINT as a string; epoch milliseconds fit in a double, so read them back as numbers. */
export const epochMs: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value)),
};

/** JSON kept in a TEXT column: portable across SQLite and MySQL, read back as a value. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null | undefined) =>
    value === null || value === undefined ? null : (JSON.parse(value) as unknown),
};

/** MySQL stores booleans as TINYINT(1), SQLite as 0/1 integers. */
export const booleanInt: ValueTransformer = {
  to: (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0),
  from: (value: number | boolean | null) => Boolean(value),
};
