import { InvalidArgumentError } from 'commander';

/** Accumulates a repeatable option (`--param a=1 --param b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A commander parser for whole numbers from `min` to `max`: a bad value is a usage error naming the option. */
export function integerBetween(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** Milliseconds between two polls of a watched run or followed log. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const parseInterval = integerBetween(50, 60_000);
