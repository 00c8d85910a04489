/**
 * The rules of one robots.txt for one User-Agent (RFC 9309): the group naming our product token, else the `*`
 * group; the longest matching Allow/Disallow prefix wins, Allow on a tie. `*` and `$` patterns are honoured.
 */
export class RobotsRules {
  private constructor(private readonly rules: { allow: boolean; pattern: RegExp; length: number }[]) {}

  /** Rules that allow everything (no robots.txt, or a 4xx for it as RFC 9309 §2.3.1.3 says). */
  static allowAll(): RobotsRules {
    return new RobotsRules([]);
  }

  /** Parses `text` and keeps the group that applies to `userAgent`. */
  static parse(text: string, userAgent: string): RobotsRules {
    const product = (userAgent.split('/')[0] ?? userAgent).trim().toLowerCase();
    const groups: { agents: string[]; lines: { allow: boolean; path: string }[] }[] = [];
    let current: (typeof groups)[number] | null = null;
    let lastWasAgent = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'user-agent') {
        if (!current || !lastWasAgent) {
          current = { agents: [], lines: [] };
          groups.push(current);
        }
        current.agents.push(value.toLowerCase());
        lastWasAgent = true;
      } else if ((key === 'allow' || key === 'disallow') && current) {
        if (value !== '') current.lines.push({ allow: key === 'allow', path: value });
        lastWasAgent = false;
      } else {
        lastWasAgent = false;
      }
    }
    const group =
      groups.find((candidate) => candidate.agents.some((agent) => agent !== '*' && product.startsWith(agent))) ??
      groups.find((candidate) => candidate.agents.includes('*'));
    return new RobotsRules(
      (group?.lines ?? []).map((rule) => ({
        allow: rule.allow,
        pattern: patternOf(rule.path),
        length: rule.path.length,
      })),
    );
  }

  /** Whether `pathAndQuery` (e.g. `/3/tutorial/index.html`) may be fetched. */
  allows(pathAndQuery: string): boolean {
    let best: { allow: boolean; length: number } | null = null;
    for (const rule of this.rules) {
      if (!rule.pattern.test(pathAndQuery)) continue;
      if (!best || rule.length > best.length || (rule.length === best.length && rule.allow)) best = rule;
    }
    return best?.allow ?? true;
  }
}

function patternOf(path: string): RegExp {
  const anchored = path.endsWith('$');
  const body = (anchored ? path.slice(0, -1) : path)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}
