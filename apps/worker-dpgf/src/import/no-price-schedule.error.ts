/** A workbook in which no sheet has a header row of a price schedule: nothing to import. */
export class NoPriceSchedule extends Error {
  override readonly name = 'NoPriceSchedule';

  constructor(path: string, sheets: string[]) {
    super(`${path}: no sheet has a price schedule header (désignation, unité, quantité, prix…): ${sheets.join(', ')}`);
  }
}
