import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../cli-errors';
import { DEFAULT_GATEWAY_URL, resolveConnection } from './gateway-connection';

describe('resolveConnection', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'relais-cli-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('defaults to localhost:3000 without a token', () => {
    expect(resolveConnection({}, {}, directory)).toEqual({ url: DEFAULT_GATEWAY_URL, token: null, tokenSource: null });
  });

  it('prefers --url over RELAIS_URL and drops the trailing slash', () => {
    expect(resolveConnection({ url: 'http://gw:8080/' }, { RELAIS_URL: 'http://other' }, directory).url).toBe(
      'http://gw:8080',
    );
    expect(resolveConnection({}, { RELAIS_URL: 'https://relais.example.org/' }, directory).url).toBe(
      'https://relais.example.org',
    );
  });

  it('takes the token from --token, then RELAIS_TOKEN, then RELAIS_TOKEN_FILE, then ./data/admin-token', () => {
    mkdirSync(join(directory, 'data'));
    writeFileSync(join(directory, 'data', 'admin-token'), 'from-local-file\n');
    writeFileSync(join(directory, 'token.txt'), '  from-token-file \n');
    const env = { RELAIS_TOKEN: 'from-env', RELAIS_TOKEN_FILE: 'token.txt' };
    expect(resolveConnection({ token: 'from-option' }, env, directory)).toMatchObject({
      token: 'from-option',
      tokenSource: '--token',
    });
    expect(resolveConnection({}, env, directory)).toMatchObject({ token: 'from-env', tokenSource: 'RELAIS_TOKEN' });
    expect(resolveConnection({}, { RELAIS_TOKEN_FILE: 'token.txt' }, directory)).toMatchObject({
      token: 'from-token-file',
      tokenSource: 'RELAIS_TOKEN_FILE (token.txt)',
    });
    expect(resolveConnection({}, {}, directory)).toMatchObject({
      token: 'from-local-file',
      tokenSource: './data/admin-token',
    });
  });

  it('names the token file it cannot read, or that is empty', () => {
    expect(() => resolveConnection({}, { RELAIS_TOKEN_FILE: 'missing.txt' }, directory)).toThrow(
      /RELAIS_TOKEN_FILE .*missing\.txt\) cannot be read \(ENOENT\)/,
    );
    writeFileSync(join(directory, 'empty.txt'), '\n');
    expect(() => resolveConnection({}, { RELAIS_TOKEN_FILE: 'empty.txt' }, directory)).toThrow(
      'The token from RELAIS_TOKEN_FILE (empty.txt) is empty.',
    );
  });

  it.each(['localhost:3000', 'not a url', 'ftp://gw'])('rejects the URL %p as a usage error', (url) => {
    expect(() => resolveConnection({ url }, {}, directory)).toThrow(UsageError);
  });
});
