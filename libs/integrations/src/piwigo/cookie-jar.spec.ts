import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  const headers = (...cookies: string[]): Headers => {
    const result = new Headers();
    for (const cookie of cookies) result.append('set-cookie', cookie);
    return result;
  };

  it('keeps cookies and sends them back', () => {
    const jar = new CookieJar();
    jar.store(headers('pwg_id=abc; path=/; HttpOnly', 'pwg_display_thumbnail=no_display_thumbnail; path=/'));
    expect(jar.header()).toBe('pwg_id=abc; pwg_display_thumbnail=no_display_thumbnail');
    jar.store(headers('pwg_id=def; path=/'));
    expect(jar.header()).toBe('pwg_id=def; pwg_display_thumbnail=no_display_thumbnail');
  });

  it('drops expired and deleted cookies', () => {
    const jar = new CookieJar();
    jar.store(headers('pwg_id=abc', 'other=1'));
    jar.store(headers('pwg_id=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT', 'other=1; Max-Age=0'));
    expect(jar.header()).toBeNull();
  });
});
