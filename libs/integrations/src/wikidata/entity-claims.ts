import { WikidataClaim, WikidataEntity } from './wikidata.types';

/**
 * The claims Wikidata calls "truthy" (what wdt: exposes): the preferred ones if any, else the normal ones;
 * deprecated claims never count.
 */
export function bestClaims(entity: WikidataEntity, property: string): WikidataClaim[] {
  const claims = entity.claims[property] ?? [];
  const preferred = claims.filter((claim) => claim.rank === 'preferred');
  return preferred.length > 0 ? preferred : claims.filter((claim) => claim.rank === 'normal');
}

/** Entity ids of the truthy values of a wikibase-item property (P31, P27, P135…). */
export function claimEntityIds(entity: WikidataEntity, property: string): string[] {
  return bestClaims(entity, property).flatMap((claim) => (claim.value.type === 'entity' ? [claim.value.id] : []));
}

/** String-like truthy values (string, external-id, url, commonsMedia) of a property. */
export function claimStrings(entity: WikidataEntity, property: string): string[] {
  return bestClaims(entity, property).flatMap((claim) => {
    const value = claim.value;
    switch (value.type) {
      case 'string':
      case 'external-id':
      case 'url':
      case 'commonsMedia':
        return [value.value];
      case 'monolingualtext':
        return [value.text];
      default:
        return [];
    }
  });
}

/** Years of the truthy time values of a property (P569 birth, P570 death, P571 inception). */
export function claimYears(entity: WikidataEntity, property: string): number[] {
  return bestClaims(entity, property).flatMap((claim) =>
    claim.value.type === 'time' && claim.value.year !== null ? [claim.value.year] : [],
  );
}
