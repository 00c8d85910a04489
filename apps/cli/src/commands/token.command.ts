import { Option, type Command } from 'commander';
import type { TokenRole } from '@relais/contracts/api/api-types';
import { contextOf } from '../cli-context';
import { renderCreatedToken, renderTokens } from '../views/token.views';

const ROLES: TokenRole[] = ['viewer', 'operator', 'admin'];

/** `relais token ls|create NAME --role R|revoke ID` (admin tokens only). */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (needs an admin token)');

  token
    .command('ls')
    .description('list tokens (their first characters only)')
    .action(async (_options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.tokens(), (tokens) => renderTokens(tokens, output.style));
    });

  token
    .command('create')
    .description(
      'create a token and print it, once: viewer reads, operator also starts and cancels, admin also manages tokens',
    )
    .argument('<name>', 'what the token is for, e.g. ci-nightly')
    .addOption(new Option('-r, --role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .action(async (name: string, options: { role: TokenRole }, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.createToken(name, options.role), (created) => renderCreatedToken(created, output.style));
    });

  token
    .command('revoke')
    .description('revoke a token: the gateway refuses it from now on')
    .argument('<id>', 'the token id (see: relais token ls)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      const revoked = await api.revokeToken(id);
      output.result(revoked, (token) => `Token ${token.id} (${token.name}) revoked.`);
    });
}
