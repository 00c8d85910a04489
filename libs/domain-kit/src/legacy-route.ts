/**
 * An older path a domain keeps answering: `from` may hold `:name` segments, which `to` reuses
 * (`/api/artist/:qid/preview` → `/api/scrutart/artist/:qid/preview`).
 */
export interface LegacyRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  from: string;
  to: string;
}

/** The rewritten path (with the query string kept) when `method path` matches one of `routes`, else null. */
export function rewriteLegacyPath(routes: readonly LegacyRoute[], method: string, url: string): string | null {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart);
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchSegments(route.from.split('/'), segments);
    if (params) return fillSegments(route.to, params) + query;
  }
  return null;
}

function matchSegments(pattern: string[], segments: string[]): Map<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params = new Map<string, string>();
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index];
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params.set(part.slice(1), segment);
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

function fillSegments(target: string, params: Map<string, string>): string {
  return target
    .split('/')
    .map((part) => (part.startsWith(':') ? (params.get(part.slice(1)) ?? part) : part))
    .join('/');
}
