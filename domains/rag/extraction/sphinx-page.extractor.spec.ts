import { readFileSync } from 'node:fs';
import { PYTHON_DOCS_HTML } from '../../../test/fakes/python-docs.fake';
import { extractSphinxPage } from './sphinx-page.extractor';

describe('extractSphinxPage', () => {
  it('keeps the main content of a python3-doc page as Markdown with its title and section path', () => {
    const page = extractSphinxPage(readFileSync(`${PYTHON_DOCS_HTML}/tutorial/inputoutput.html`, 'utf8'));
    expect(page.title).toBe('7. Input and Output');
    expect(page.sectionPath).toEqual(['The Python Tutorial']);
    expect(page.markdown.startsWith('# 7. Input and Output\n')).toBe(true);
    expect(page.markdown).toContain('\n## 7.2. Reading and Writing Files\n');
    expect(page.markdown).toContain("```python\n>>> f = open('workfile', 'w', encoding=\"utf-8\")");
    expect(page.markdown).toContain('`print()`');
    // Navigation, sidebar, footer, scripts and permalink marks are gone.
    for (const chrome of ['Previous topic', 'Show Source', 'Quick search', '¶', '©', 'Theme']) {
      expect(page.markdown).not.toContain(chrome);
    }
  });

  it('drops scripts and "edit this page" and falls back to <title> without a heading', () => {
    const page = extractSphinxPage(
      '<html><head><title>Sorting HOW TO — Python 3.11 documentation</title></head><body>' +
        '<nav>Menu</nav><div role="main"><script>track()</script><p>Use <code>sorted()</code>.</p>' +
        '<a href="https://github.com/x/edit">Edit this page</a><ul><li>one</li><li>two</li></ul></div>' +
        '<footer>© PSF</footer></body></html>',
    );
    expect(page).toEqual({ title: 'Sorting HOW TO', sectionPath: [], markdown: 'Use `sorted()`.\n\n- one\n- two' });
  });
});
