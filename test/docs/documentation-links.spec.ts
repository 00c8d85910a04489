import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = join(ROOT, 'README.md');

/** Every Markdown page under docs/, as absolute paths. */
function documentationPages(directory = join(ROOT, 'docs')): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return documentationPages(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The text outside fenced code blocks: a `[x](y)` inside an example is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped (but - and _), each space a dash. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = [...prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]);
  return new Set(headings.map(anchorOf));
}

/** Relative links of a page: `[text](target)` with no scheme, split into the file it names and its anchor. */
function linksOf(file: string): { target: string; file: string; anchor: string | null }[] {
  return [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => {
      const hash = target.indexOf('#');
      const path = hash < 0 ? target : target.slice(0, hash);
      const anchor = hash < 0 ? null : target.slice(hash + 1);
      return { target, file: path ? resolve(dirname(file), path) : file, anchor };
    });
}

describe('the documentation (README.md and docs/)', () => {
  const pages = [README, ...documentationPages()];
  const shown = (file: string): string => relative(ROOT, file);

  it('has the reference pages the README promises', () => {
    expect(pages.map(shown)).toEqual(
      expect.arrayContaining([
        'docs/concepts.md',
        'docs/api.md',
        'docs/cli.md',
        'docs/configuration.md',
        'docs/domains/ops.md',
        'docs/domains/scrutart.md',
        'docs/deployment.md',
        'docs/security.md',
        'docs/benchmarks.md',
        'docs/troubleshooting.md',
        'docs/development.md',
      ]),
    );
  });

  it('links every page of docs/ from the README', () => {
    const linked = new Set(linksOf(README).map((link) => link.file));
    expect(
      documentationPages()
        .filter((page) => !linked.has(page))
        .map(shown),
    ).toEqual([]);
  });

  it('has no broken relative link: every file exists and every #anchor is a heading of its page', () => {
    const broken = pages.flatMap((page) =>
      linksOf(page)
        .filter((link) => !existsSync(link.file) || (link.anchor !== null && !anchorsOf(link.file).has(link.anchor)))
        .map((link) => `${shown(page)}: ${link.target}`),
    );
    expect(broken).toEqual([]);
  });

  it('keeps the README a door, not the reference', () => {
    expect(readFileSync(README, 'utf8').split('\n').length).toBeLessThan(200);
  });
});
