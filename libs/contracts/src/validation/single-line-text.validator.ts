import { Matches, type ValidationOptions } from 'class-validator';

/** No character of the Unicode category Cc: NUL, CR, LF, TAB, ESC, DEL and the C1 controls. */
const WITHOUT_CONTROL_CHARACTERS = /^\P{Cc}*$/u;

/**
 * Free text that ends up in log lines, reports and page titles: refused if it holds a control character, so that
 * a value cannot forge a log line (`"a\r\nX-Injected: 1"`), write a raw NUL or steer a terminal.
 */
export function SingleLineText(options?: ValidationOptions): PropertyDecorator {
  return Matches(WITHOUT_CONTROL_CHARACTERS, {
    message: ({ property }) => `${property} must not contain control characters (line breaks, tabs, NUL…)`,
    ...options,
  });
}
