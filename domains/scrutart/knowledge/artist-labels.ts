/*
 * Lookups in label and description maps. Wikidata's maps only have the languages it knows, so every lookup can
 * miss: these helpers say so in their types.
 */

/** The value under the first of `keys` that `map` has. */
export function firstOf<T>(map: Record<string, T>, keys: string[]): T | undefined {
  for (const key of keys) {
    if (Object.hasOwn(map, key)) return map[key];
  }
  return undefined;
}

/**
 * The label of a thing (a country, a genre, a property) in `language`, else the label every language shares (mul),
 * else English, else `fallback` (its id): never a label in another page language.
 */
export function labelFor(labels: Record<string, string>, language: string, fallback: string): string {
  return firstOf(labels, [language, 'mul', 'en']) ?? fallback;
}

/** A person's name: like labelFor, but any language's label is better than an id. */
export function nameFor(labels: Record<string, string>, language: string, fallback: string): string {
  return firstOf(labels, [language, 'mul', 'en']) ?? Object.values(labels).at(0) ?? fallback;
}

/** The description in `language`, else English, else null. */
export function descriptionFor(descriptions: Record<string, string>, language: string): string | null {
  return firstOf(descriptions, [language, 'en']) ?? null;
}
