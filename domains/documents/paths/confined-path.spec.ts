import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confinePath } from './confined-path';

describe('confinePath', () => {
  let data: string;
  let outside: string;
  let roots: { base: string; roots: string[] };

  beforeAll(async () => {
    data = await mkdtemp(join(process.env.RELAIS_TEST_TMP ?? tmpdir(), 'paths-'));
    outside = await mkdtemp(join(process.env.RELAIS_TEST_TMP ?? tmpdir(), 'elsewhere-'));
    await mkdir(join(data, 'inbox', 'manuals'), { recursive: true });
    await symlink(outside, join(data, 'inbox', 'escape'));
    await symlink(join(data, 'inbox', 'manuals'), join(data, 'inbox', 'shortcut'));
    roots = { base: data, roots: [join(data, 'inbox')] };
  });

  it('resolves relative paths from the base and accepts absolute ones inside a root, existing or not', () => {
    expect(confinePath('inbox/manuals', roots)).toEqual({ path: join(data, 'inbox', 'manuals') });
    expect(confinePath(join(data, 'inbox'), roots)).toEqual({ path: join(data, 'inbox') });
    expect(confinePath('inbox/not-yet/there', roots)).toEqual({ path: join(data, 'inbox', 'not-yet', 'there') });
    expect(confinePath('inbox/shortcut', roots)).toEqual({ path: join(data, 'inbox', 'shortcut') });
  });

  it.each([
    ['inbox/../inbox/manuals', 'must not contain ".." segments'],
    ['..\\etc', 'must not contain ".." segments'],
    ['/etc', 'must be inside'],
    ['reports', 'must be inside'],
    ['inbox/escape', 'leads outside'],
    ['inbox/escape/deeper/file.pdf', 'leads outside'],
    ['inbox/a\u0000b', 'must not contain control characters'],
    ['', 'must be a non-empty path'],
  ])('refuses %j: %s', (value, problem) => {
    expect(confinePath(value, roots).problem).toContain(problem);
  });

  it('accepts only relative paths without .. when no roots are known', () => {
    expect(confinePath('inbox', null)).toEqual({ path: 'inbox' });
    expect(confinePath('/srv/inbox', null).problem).toMatch(/must be relative/);
  });
});
