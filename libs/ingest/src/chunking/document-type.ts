import { wordsOf } from './text-tokens';

/** The kinds of document the detector tells apart; `general` when no kind stands out. */
export type DocumentType = 'legal' | 'financial' | 'technical' | 'academic' | 'meeting' | 'procedure' | 'general';

/** Words typical of each kind, in English and French, accents stripped. */
const CUES: Record<Exclude<DocumentType, 'general'>, readonly string[]> = {
  legal: `contract agreement clause clauses party parties hereby liability law court article articles jurisdiction
    terms warranty contrat accord partie parties loi tribunal juridique resiliation obligations signataire`.split(
    /\s+/,
  ),
  financial: `invoice payment amount total tax vat budget revenue cost costs price balance account euros eur usd
    facture paiement montant tva devis cout couts prix solde compte chiffre affaires`.split(/\s+/),
  technical: `install installation configuration config server api function error version command parameter
    database code software deploy module serveur fichier commande parametre logiciel base donnees`.split(/\s+/),
  academic: `abstract introduction methodology method results conclusion references hypothesis study research
    analysis experiment resume methodologie etude recherche analyse experience bibliographie`.split(/\s+/),
  meeting: `meeting agenda minutes attendees participants action decisions discussed reunion ordre jour compte
    rendu decide discute presents`.split(/\s+/),
  procedure: `step steps procedure instructions manual guide first then next click select etape etapes
    procedure mode emploi cliquer selectionner ensuite`.split(/\s+/),
};

const CUE_TYPE = new Map<string, Exclude<DocumentType, 'general'>[]>();
for (const [type, words] of Object.entries(CUES) as [Exclude<DocumentType, 'general'>, readonly string[]][]) {
  for (const word of words.filter(Boolean)) CUE_TYPE.set(word, [...(CUE_TYPE.get(word) ?? []), type]);
}

/** A kind is detected when its cue words make up at least this share of the words. */
const MIN_SHARE = 0.01;

/**
 * The kind of document `text` looks like, from the share of its words that are typical of each kind: a cheap,
 * explainable label for reports and filters, not a classifier to rely on.
 */
export function detectDocumentType(text: string): DocumentType {
  const words = wordsOf(text.slice(0, 200_000));
  if (words.length === 0) return 'general';
  const scores = new Map<DocumentType, number>();
  for (const word of words) {
    for (const type of CUE_TYPE.get(word) ?? []) scores.set(type, (scores.get(type) ?? 0) + 1);
  }
  let best: DocumentType = 'general';
  let bestScore = MIN_SHARE * words.length;
  for (const [type, score] of scores) {
    if (score > bestScore) {
      best = type;
      bestScore = score;
    }
  }
  return best;
}
