import { readFileSync } from 'node:fs';
import { UsageError } from '../cli-errors';

/**
 * The value of one `--param key=value`: JSON when it parses as JSON (numbers, booleans, null, arrays, objects,
 * quoted strings), the raw text otherwise. So `steps=3` is a number, `qid=Q42` a string and `qid='"3"'` the
 * string "3".
 */
export function parseParamValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return raw;
    throw error;
  }
}

/** Splits `key=value` at the first `=`; the key must not be empty. */
export function parseParamAssignment(assignment: string): [string, unknown] {
  const separator = assignment.indexOf('=');
  if (separator <= 0) {
    throw new UsageError(`--param expects key=value (got "${assignment}").`);
  }
  const key = assignment.slice(0, separator).trim();
  if (!key) throw new UsageError(`--param expects key=value (got "${assignment}").`);
  return [key, parseParamValue(assignment.slice(separator + 1))];
}

/**
 * The run parameters from `--params-json` (an object, or `@file.json`) overridden by each `--param`, in order.
 */
export function parseRunParameters(assignments: readonly string[], paramsJson?: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = paramsJson === undefined ? {} : parseParamsJson(paramsJson);
  for (const assignment of assignments) {
    const [key, value] = parseParamAssignment(assignment);
    parameters[key] = value;
  }
  return parameters;
}

function parseParamsJson(raw: string): Record<string, unknown> {
  const source = raw.startsWith('@') ? `the file ${raw.slice(1)}` : '--params-json';
  const text = raw.startsWith('@') ? readParamsFile(raw.slice(1)) : raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new UsageError(`${source} is not valid JSON (${error.message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${source} must be a JSON object such as {"steps": 3}.`);
  }
  return parsed as Record<string, unknown>;
}

function readParamsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--params-json @${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
}
