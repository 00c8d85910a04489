import type { LegacyRoute } from '@relais/domain-kit';

/**
 * The Scrutart seed's API paths, kept for the systems that call them: each is rewritten to the route mounted
 * under /api/scrutart before routing, so they never compete with the generic API's `/api/flows/{name}`.
 */
export const SCRUTART_LEGACY_ROUTES: readonly LegacyRoute[] = [
  { method: 'POST', from: '/api/flows/process-artist', to: '/api/scrutart/flows/process-artist' },
  { method: 'POST', from: '/api/flows/process-batch', to: '/api/scrutart/flows/process-batch' },
  { method: 'GET', from: '/api/flows/active', to: '/api/scrutart/flows/active' },
  { method: 'GET', from: '/api/flows/history', to: '/api/scrutart/flows/history' },
  { method: 'GET', from: '/api/flows/:id/status', to: '/api/scrutart/flows/:id/status' },
  { method: 'POST', from: '/api/flows/:id/cancel', to: '/api/scrutart/flows/:id/cancel' },
  { method: 'GET', from: '/api/artist/:qid/preview', to: '/api/scrutart/artist/:qid/preview' },
  { method: 'GET', from: '/api/artist/:qid/artworks/count', to: '/api/scrutart/artist/:qid/artworks/count' },
  { method: 'GET', from: '/api/status', to: '/api/scrutart/status' },
];
