import { redactedUrl } from './redacted-url';

describe('redactedUrl', () => {
  it('drops user info and masks secret-looking parameters', () => {
    expect(redactedUrl('https://user:pa55@example.org/ws.php?method=x&password=pa55&pwg_token=abc&api_key=k')).toBe(
      'https://example.org/ws.php?method=x&password=***&pwg_token=***&api_key=***',
    );
  });

  it('shortens long URLs and survives invalid ones', () => {
    expect(redactedUrl(`https://example.org/?q=${'x'.repeat(400)}`)).toHaveLength(301);
    expect(redactedUrl('not a url')).toBe('(invalid URL)');
  });
});
