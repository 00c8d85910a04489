/**
 * Decides the rows the rules leave ambiguous: a line with words but no number, unit, quantity or price — an
 * unnumbered heading (`MENUISERIES EXTÉRIEURES`) or a note (`Nota : prix y compris …`). Null: the rules'
 * answer stands (a note, not imported). Answered synchronously: the answers are fetched before the parse.
 */
export interface AmbiguousRowLabels {
  labelOf(text: string): 'section' | null;
}
