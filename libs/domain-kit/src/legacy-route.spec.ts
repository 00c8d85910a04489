import { rewriteLegacyPath, type LegacyRoute } from './legacy-route';

const ROUTES: LegacyRoute[] = [
  { method: 'GET', from: '/api/flows/active', to: '/api/scrutart/flows/active' },
  { method: 'GET', from: '/api/artist/:qid/preview', to: '/api/scrutart/artist/:qid/preview' },
];

describe('rewriteLegacyPath', () => {
  it('rewrites a matching method and path, keeping parameters and the query string', () => {
    expect(rewriteLegacyPath(ROUTES, 'GET', '/api/artist/Q296/preview?lang=fr')).toBe(
      '/api/scrutart/artist/Q296/preview?lang=fr',
    );
    expect(rewriteLegacyPath(ROUTES, 'GET', '/api/flows/active')).toBe('/api/scrutart/flows/active');
  });

  it('leaves other methods, other paths and empty parameters alone', () => {
    expect(rewriteLegacyPath(ROUTES, 'POST', '/api/flows/active')).toBeNull();
    expect(rewriteLegacyPath(ROUTES, 'GET', '/api/flows/scrutart.process-artist')).toBeNull();
    expect(rewriteLegacyPath(ROUTES, 'GET', '/api/artist//preview')).toBeNull();
    expect(rewriteLegacyPath(ROUTES, 'GET', '/api/artist/Q296/preview/extra')).toBeNull();
  });
});
