/** Text compared without accents, case or extra spaces: `Désignation  des Ouvrages` → `designation des ouvrages`. */
export function normalisedText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}
