/** Deeper than any parameters or body Relais defines (a few levels), far below what overflows the stack. */
export const MAX_JSON_DEPTH = 32;

/** Longer than any field name Relais defines; a longer key is refused before it is echoed in a 400. */
const MAX_KEY_LENGTH = 100;

/** A 400 names at most this many problems: a body with thousands of bad keys gets a short answer. */
const MAX_PROBLEMS = 20;

/**
 * Keys that JavaScript gives a meaning of its own. class-transformer dropped them silently (or crashed on them:
 * `{"auto_publish": {"constructor": "x"}}` was a 500), whereas every other unknown key is refused.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * What is wrong with the shape of a parsed JSON value (a request body, a query, a flow's parameters) before any
 * validation looks at it: nesting deeper than MAX_JSON_DEPTH (class-validator and class-transformer recurse and
 * overflowed the stack from ~1 300 levels), reserved keys (`__proto__`, `constructor`, `prototype`), keys with
 * control characters or longer than 100 characters. `field → problems`, the field dotted from `root` (`parameters.a[0]`);
 * null when the shape is fine. Iterative and linear in the size of the value, so it is safe on any input.
 */
export function jsonShapeProblems(value: unknown, root = ''): Record<string, string[]> | null {
  const problems: Record<string, string[]> = {};
  let count = 0;
  const add = (field: string, problem: string): void => {
    count += 1;
    (problems[field || 'body'] ??= []).push(problem);
  };
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0 && count < MAX_PROBLEMS) {
    const node = pending.pop() as { value: unknown; path: string; depth: number };
    if (node.value === null || typeof node.value !== 'object') continue;
    if (node.depth >= MAX_JSON_DEPTH) {
      add(node.path, `is nested deeper than ${MAX_JSON_DEPTH} levels`);
      // One report is enough: whatever is below is as deep or deeper.
      break;
    }
    if (Array.isArray(node.value)) {
      const items = node.value as unknown[];
      for (let index = items.length - 1; index >= 0; index--) {
        const item = items[index];
        if (item !== null && typeof item === 'object') {
          pending.push({ value: item, path: `${node.path}[${index}]`, depth: node.depth + 1 });
        }
      }
      continue;
    }
    for (const key of Object.keys(node.value)) {
      const field = fieldName(node.path, key);
      if (RESERVED_KEYS.has(key)) add(field, `"${key}" is a reserved name, not accepted as a key`);
      else if (key.length > MAX_KEY_LENGTH) add(field, `keys must be at most ${MAX_KEY_LENGTH} characters`);
      else if (CONTROL_CHARACTER.test(key)) add(field, 'keys must not contain control characters');
      else {
        const child = (node.value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          pending.push({ value: child, path: field, depth: node.depth + 1 });
        }
      }
    }
  }
  return count === 0 ? null : problems;
}

/** `parent.key`, with a key that cannot be shown as it is (too long, control characters) escaped and cut. */
function fieldName(parent: string, key: string): string {
  const shown = key.length > MAX_KEY_LENGTH || CONTROL_CHARACTER.test(key) ? escapedKey(key) : key;
  return parent ? `${parent}.${shown}` : shown;
}

function escapedKey(key: string): string {
  const escaped = JSON.stringify(key.slice(0, 40)).slice(1, -1);
  return key.length > 40 ? `${escaped}…` : escaped;
}
