import { AUTHENTICATION_HINT, type GatewayLink } from './gateway-links';

const ACCESS_LABELS: Record<GatewayLink['access'], string> = {
  none: 'no token',
  viewer: 'viewer token',
  admin: 'admin token',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The page `GET /` answers until the dashboard replaces it: the gateway's links, plain HTML with an inline
 * style (the Content-Security-Policy allows inline styles, not inline scripts).
 */
export function renderHomePage(links: Record<string, GatewayLink>): string {
  const items = Object.values(links)
    .filter((link) => link.href !== '/events')
    .map(
      (link) =>
        `<li><a href="${escapeHtml(link.href)}"><code>${escapeHtml(link.href)}</code></a> ` +
        `${escapeHtml(link.title)} <small>(${ACCESS_LABELS[link.access]})</small></li>`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Relais</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
      li { margin: 0.3rem 0; }
      small { color: #666; }
    </style>
  </head>
  <body>
    <h1>Relais</h1>
    <p>Queue-driven workflow automation. The dashboard is not built yet; until then, these are the ways in.</p>
    <ul>
      ${items}
      <li><a href="/api"><code>/api</code></a> These links as JSON <small>(no token)</small></li>
    </ul>
    <p>${escapeHtml(AUTHENTICATION_HINT)}</p>
    <p>Live run events: socket.io, namespace <code>/events</code>, path <code>/socket.io</code>,
      <code>auth: { token }</code>. From the command line: <code>relais --help</code>.</p>
  </body>
</html>
`;
}
