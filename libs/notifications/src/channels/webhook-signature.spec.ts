import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = '{"event":"run.failed"}';
  const now = 1_700_000_000;

  it('verifies a body signed with the same secret', () => {
    expect(verifyWebhookSignature('s3cret', signWebhookBody('s3cret', body, now), body, now + 10)).toEqual({
      valid: true,
    });
  });

  it('refuses another secret, a changed body and a malformed header', () => {
    const header = signWebhookBody('s3cret', body, now);
    expect(verifyWebhookSignature('other', header, body, now)).toEqual({ valid: false, reason: 'signature mismatch' });
    expect(verifyWebhookSignature('s3cret', header, `${body} `, now)).toMatchObject({ valid: false });
    expect(verifyWebhookSignature('s3cret', 'v1=abc', body, now)).toEqual({
      valid: false,
      reason: 'malformed signature',
    });
    expect(verifyWebhookSignature('s3cret', undefined, body, now)).toMatchObject({ valid: false });
  });

  it('refuses a replay outside the tolerance, even with a valid HMAC', () => {
    const header = signWebhookBody('s3cret', body, now);
    expect(verifyWebhookSignature('s3cret', header, body, now + 301)).toEqual({
      valid: false,
      reason: 'timestamp too old',
    });
  });
});
