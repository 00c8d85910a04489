import type { CreatedToken, TokenSummary } from '@relais/contracts/api/api-types';
import { formatRelativeTime } from '../output/format-relative-time';
import { renderTable } from '../output/table';
import type { TerminalStyle } from '../output/terminal-style';

/** `token ls`: never the token itself, only its first characters. */
export function renderTokens(tokens: readonly TokenSummary[], style: TerminalStyle, now = Date.now()): string {
  if (tokens.length === 0) return 'No tokens.';
  return renderTable(
    [
      { header: 'ID' },
      { header: 'NAME' },
      { header: 'ROLE' },
      { header: 'PREFIX' },
      { header: 'CREATED' },
      { header: 'LAST USED' },
      { header: 'STATUS' },
    ],
    tokens.map((token) => [
      token.id,
      token.name,
      token.role,
      `${token.prefix}…`,
      formatRelativeTime(token.createdAt, now),
      formatRelativeTime(token.lastUsedAt, now),
      token.revokedAt
        ? { text: `revoked ${formatRelativeTime(token.revokedAt, now)}`, style: style.red }
        : { text: 'active', style: style.green },
    ]),
  );
}

/** `token create`: the one time the token is shown. */
export function renderCreatedToken(token: CreatedToken, style: TerminalStyle): string {
  return [
    `Token ${token.id} "${token.name}" (${token.role}) created:`,
    '',
    `  ${style.bold(token.token)}`,
    '',
    'Keep it now: the gateway stores only its hash and will not show it again.',
  ].join('\n');
}
