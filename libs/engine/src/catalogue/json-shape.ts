/** Deeper than any parameters or body Relais defines (a few levels), far below what overflows the stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * More items than any list Relais takes (500 QIDs at most): checked before any validator walks the list, so that a
 * 1 MB array costs a length check, not seconds of class-transformer (which took 2 s per pass on 160 000 numbers).
 */
export const MAX_JSON_ARRAY_ITEMS = 1_000;

/** More keys than any object Relais takes: each unknown key would otherwise cost a validation error of its own. */
export const MAX_JSON_OBJECT_KEYS = 100;

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
 * overflowed the stack from ~1 300 levels), arrays longer than MAX_JSON_ARRAY_ITEMS, objects with more than
 * MAX_JSON_OBJECT_KEYS keys, reserved keys (`__proto__`, `constructor`, `prototype`), keys with control characters
 * or longer than 100 characters. `field → problems`, the field dotted from `root` (`parameters.a[0]`);
 * null when the shape is fine. Iterative and linear in the size of the value, so it is safe on any input.
 */
export function jsonShapeProblems(value: unknown, root = ''): Record<string, string[]> | null {
  // A Map: the fields are named after the keys found, and `constructor` or `__proto__` are not to be looked up or
  // assigned on a plain object.
  const problems = new Map<string, string[]>();
  let count = 0;
  const add = (field: string, problem: string): void => {
    count += 1;
    const name = field || 'body';
    problems.set(name, [...(problems.get(name) ?? []), problem]);
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
      if (items.length > MAX_JSON_ARRAY_ITEMS) {
        add(node.path, `must have at most ${MAX_JSON_ARRAY_ITEMS} items`);
        continue;
      }
      for (let index = items.length - 1; index >= 0; index--) {
        const item = items[index];
        if (item !== null && typeof item === 'object') {
          pending.push({ value: item, path: `${node.path}[${index}]`, depth: node.depth + 1 });
        }
      }
      continue;
    }
    const keys = Object.keys(node.value);
    if (keys.length > MAX_JSON_OBJECT_KEYS) {
      add(node.path, `must have at most ${MAX_JSON_OBJECT_KEYS} keys`);
      continue;
    }
    for (const key of keys) {
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
  // fromEntries defines own properties, even one named __proto__.
  return count === 0 ? null : Object.fromEntries(problems);
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
