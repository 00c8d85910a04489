import { REDACTED, SecretRedactor } from './secret-redactor';

describe('SecretRedactor', () => {
  const token = `relais_${'Ab3-_x'.repeat(7)}Q`;
  const redactor = new SecretRedactor(['wp app pass', 'p@ss/w:rd', 'hunter22']);

  it('replaces every configured secret, wherever and however often it appears', () => {
    expect(redactor.redact('login with wp app pass failed; retried with wp app pass')).toBe(
      `login with ${REDACTED} failed; retried with ${REDACTED}`,
    );
    expect(redactor.redact('mysql://relais:hunter22@db:3306/relais')).toBe(`mysql://relais:${REDACTED}@db:3306/relais`);
  });

  it('replaces the URL-encoded form of a secret and treats its characters literally', () => {
    expect(redactor.redact('GET /x?password=p%40ss%2Fw%3Ard')).toBe(`GET /x?password=${REDACTED}`);
    expect(redactor.redact('p@ss/w:rd and pXss/w:rd')).toBe(`${REDACTED} and pXss/w:rd`);
  });

  it('replaces anything shaped like a Relais token, configured or not', () => {
    expect(redactor.redact(`GET /admin/queues?token=${token} 303`)).toBe(`GET /admin/queues?token=${REDACTED} 303`);
    // Too short to be a token: the recognisable prefix of a token summary stays readable.
    expect(redactor.redact('token relais_AbCdEf revoked')).toBe('token relais_AbCdEf revoked');
  });

  it('replaces bearer credentials whatever they look like', () => {
    expect(redactor.redact('authorization: Bearer abc.def.ghi, next')).toBe(`authorization: Bearer ${REDACTED}, next`);
    expect(redactor.redact('{"authorization":"bearer s3cr3t"}')).toBe(`{"authorization":"bearer ${REDACTED}"}`);
    expect(redactor.redact(`(Authorization: Bearer ${token}) and Bearer eyJ.a-b_c/d+e==)`)).toBe(
      `(Authorization: Bearer ${REDACTED}) and Bearer ${REDACTED})`,
    );
  });

  it('replaces the password of any URL, configured or not, and keeps the rest of the URL', () => {
    const none = new SecretRedactor([]);
    expect(none.redact('connect ECONNREFUSED mysql://relais:hunter2@db:3306')).toBe(
      `connect ECONNREFUSED mysql://relais:${REDACTED}@db:3306`,
    );
    expect(none.redact('redis://:s3cret@127.0.0.1:6379/2 and rediss://u:p%40ss@host')).toBe(
      `redis://:${REDACTED}@127.0.0.1:6379/2 and rediss://u:${REDACTED}@host`,
    );
    // No password, or no URL: nothing to hide.
    expect(none.redact('https://user@example.org/a:b@c and a:b@c')).toBe('https://user@example.org/a:b@c and a:b@c');
  });

  it('replaces the longest secret first when one contains another', () => {
    const nested = new SecretRedactor(['abcd', 'abcdefgh']);
    expect(nested.redact('x abcdefgh y abcd z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it('leaves text without secrets as it is, and nulls as they are', () => {
    expect(new SecretRedactor([]).redact('Run 42 completed in 3 s')).toBe('Run 42 completed in 3 s');
    expect(redactor.redactNullable(null)).toBeNull();
    expect(redactor.redactNullable('hunter22')).toBe(REDACTED);
  });
});
