export * from './fake-http-server';
export * from './wikidata-query-service.fake';
export * from './wikidata-action-api.fake';
export * from './commons.fake';
export * from './wordpress.fake';
export * from './piwigo.fake';
export * from './scrutart-fakes';
export * from '../fixtures/wikidata/wikidata-fixture-graph';
