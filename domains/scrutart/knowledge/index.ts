export * from './artist.types';
export * from './artist-queries';
export * from './artist-labels';
export * from './artist-knowledge';
export * from './not-found-on-wikidata.error';
export * from './not-an-artist.error';
