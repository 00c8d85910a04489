import type { RunDetail } from '@relais/contracts/api/api-types';
import { RunState } from '@relais/contracts/run-state';
import { ApiRequestError, GatewayUnreachableError, RunUnsuccessfulError, UsageError } from './cli-errors';
import { describeError } from './describe-error';
import { ExitCode, exitCodeOf } from './exit-codes';

function apiError(status: number, body: object | null, tokenSource: string | null = 'RELAIS_TOKEN'): ApiRequestError {
  return new ApiRequestError('POST', '/api/flows/x/runs', status, 'Status', body, JSON.stringify(body), tokenSource);
}

describe('exit codes and messages', () => {
  it.each([
    [400, ExitCode.USAGE],
    [401, ExitCode.AUTH],
    [403, ExitCode.AUTH],
    [404, ExitCode.NOT_FOUND],
    [409, ExitCode.CONFLICT],
    [429, ExitCode.GATEWAY_ERROR],
    [500, ExitCode.GATEWAY_ERROR],
    [503, ExitCode.GATEWAY_ERROR],
  ])('HTTP %d exits %d', (status, code) => {
    expect(exitCodeOf(apiError(status, { message: 'x' }))).toBe(code);
  });

  it('maps the CLI errors to their codes', () => {
    expect(exitCodeOf(new UsageError('bad'))).toBe(2);
    expect(exitCodeOf(new GatewayUnreachableError('http://gw', 'ECONNREFUSED'))).toBe(3);
    expect(exitCodeOf(new RunUnsuccessfulError({ id: 'r', state: RunState.FAILED, error: 'boom' } as RunDetail))).toBe(
      1,
    );
    expect(exitCodeOf(new TypeError('a bug'))).toBe(8);
  });

  it('tells how to fix an unreachable gateway', () => {
    expect(describeError(new GatewayUnreachableError('http://localhost:3000', 'ECONNREFUSED'))).toBe(
      'Cannot reach the Relais gateway at http://localhost:3000 (ECONNREFUSED). Is it running? Set RELAIS_URL or --url.',
    );
  });

  it('says which token the gateway refused, or that none was sent', () => {
    expect(describeError(apiError(401, { message: 'Invalid or revoked token' }))).toBe(
      'The gateway refused the token from RELAIS_TOKEN (401 Status: Invalid or revoked token). Set RELAIS_TOKEN or --token.',
    );
    expect(describeError(apiError(401, { message: 'Missing bearer token' }, null))).toMatch(
      /^The gateway needs an API token .*Set RELAIS_TOKEN or --token/,
    );
  });

  it('lists each field of a 400 with its messages', () => {
    const message = describeError(
      apiError(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid parameters for test.run-steps',
        fields: { steps: ['steps must not be greater than 20'], step_ms: ['must be an integer', 'must be ≥ 0'] },
      }),
    );
    expect(message.split('\n')).toEqual([
      'The gateway rejected the request: Invalid parameters for test.run-steps',
      '  steps: steps must not be greater than 20',
      '  step_ms: must be an integer; must be ≥ 0',
    ]);
  });

  it("joins Nest's list-of-strings messages", () => {
    expect(describeError(apiError(400, { message: ['name must be a string', 'role must be one of viewer'] }))).toBe(
      'The gateway rejected the request: name must be a string; role must be one of viewer',
    );
  });

  it('says nothing more about a watched run that failed: its outcome is already printed', () => {
    expect(
      describeError(new RunUnsuccessfulError({ id: 'r', state: RunState.FAILED, error: 'boom' } as RunDetail)),
    ).toBe('');
  });

  it('shows the start of a body that is not JSON', () => {
    const error = new ApiRequestError('GET', '/api/flows', 502, 'Bad Gateway', null, '<html>upstream down</html>');
    expect(describeError(error)).toBe(
      'The gateway failed on GET /api/flows (502 Bad Gateway: <html>upstream down</html>).',
    );
  });
});
