/** Who may follow a link: no token, or a token of at least this role. */
export type LinkAccess = 'none' | 'viewer' | 'admin';

export interface GatewayLink {
  href: string;
  title: string;
  access: LinkAccess;
}

/** `GET /api`: where a newcomer (or a script) landing on the gateway can go. */
export interface ApiIndex {
  name: 'Relais';
  description: string;
  authentication: string;
  links: Record<string, GatewayLink>;
}

/**
 * The gateway's entry points, in the order the home page lists them. Paths only, no host: the gateway may sit
 * behind a proxy that knows its public address better than it does. No token ever appears here.
 */
export const GATEWAY_LINKS: Record<string, GatewayLink> = {
  apiDocs: {
    href: '/api/docs',
    title: 'API documentation (Swagger UI): every route, to read and try',
    access: 'viewer',
  },
  openApi: { href: '/api/docs-json', title: 'The OpenAPI document (JSON)', access: 'viewer' },
  bullBoard: { href: '/admin/queues', title: 'Bull Board: the queues and their jobs', access: 'admin' },
  health: { href: '/api/health', title: 'Health: Redis and the database', access: 'none' },
  metrics: { href: '/metrics', title: 'Prometheus metrics', access: 'viewer' },
  flows: { href: '/api/flows', title: 'Flows and their parameters', access: 'viewer' },
  runs: { href: '/api/runs', title: 'Runs, newest first', access: 'viewer' },
  deployments: { href: '/api/deployments', title: 'Deployments: flows on a schedule', access: 'viewer' },
  liveEvents: {
    href: '/events',
    title: 'Live run events: socket.io namespace /events (path /socket.io, auth: { token })',
    access: 'viewer',
  },
};

/** How to send a token, for people and scripts alike. */
export const AUTHENTICATION_HINT =
  'Send Authorization: Bearer <token>. In a browser, open /api/docs?token=<token> or /admin/queues?token=<token> ' +
  'once: the token moves into a session cookie and out of the address bar. `npm start` keeps the admin token ' +
  'in data/admin-token.';
