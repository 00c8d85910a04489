import { bearerCredential } from './bearer-credential';

describe('bearerCredential', () => {
  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(bearerCredential('Bearer relais_abc')).toEqual({ kind: 'token', token: 'relais_abc' });
    expect(bearerCredential('bearer relais_abc')).toEqual({ kind: 'token', token: 'relais_abc' });
  });

  it('tells a missing header from a malformed one', () => {
    expect(bearerCredential(undefined)).toEqual({ kind: 'missing' });
    expect(bearerCredential('')).toEqual({ kind: 'missing' });
    for (const header of [
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      'Bearer ',
      'relais_abc',
      'Bearer a b',
      `Bearer ${'x'.repeat(513)}`,
    ]) {
      expect({ header, credential: bearerCredential(header) }).toEqual({ header, credential: { kind: 'malformed' } });
    }
  });
});
