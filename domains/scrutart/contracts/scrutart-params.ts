/** Languages a Scrutart page is written in (one template each). */
export const SCRUTART_LANGUAGES = ['fr', 'en', 'es'] as const;
export type ScrutartLanguage = (typeof SCRUTART_LANGUAGES)[number];

/**
 * What becomes of a generated page: a WordPress draft, a published page, a page pending review, or no WordPress
 * publication at all (the page is only kept in the database).
 */
export const AUTO_PUBLISH_MODES = ['draft', 'publish', 'review', 'none'] as const;
export type AutoPublishMode = (typeof AUTO_PUBLISH_MODES)[number];

/** A Wikidata item id (Q followed by digits, no leading zero). */
export const QID_PATTERN = /^Q[1-9]\d*$/;

/** Longer than any Wikidata item id (Q + 9 digits today): checked before the pattern. */
export const QID_MAX_LENGTH = 20;
