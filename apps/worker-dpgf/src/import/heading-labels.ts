/** The label a line gets from the headings Gemini named (the import-file flow's answers), on either thread. */
export function labelOf(headings: ReadonlySet<string>, text: string): 'section' | null {
  return headings.has(text) ? 'section' : null;
}
