/**
 * The pages DoctorPy knows when RAG_PAGES is unset: the whole tutorial, the most asked-about howtos, library
 * and language reference pages. Every one exists both on https://docs.python.org/3/ and in Debian's python3-doc
 * mirror. PEP 8, 20 and 257 live on peps.python.org, outside any base URL the crawler may leave: list them in
 * RAG_PAGES only when the base URL serves them.
 */
export const DEFAULT_RAG_PAGES: readonly string[] = [
  ...[
    'appetite',
    'interpreter',
    'introduction',
    'controlflow',
    'datastructures',
    'modules',
    'inputoutput',
    'errors',
    'classes',
    'stdlib',
    'stdlib2',
    'venv',
    'whatnow',
    'interactive',
    'floatingpoint',
    'appendix',
  ].map((name) => `tutorial/${name}.html`),
  ...['sorting', 'functional', 'logging', 'regex', 'argparse', 'enum', 'descriptor', 'unicode', 'annotations'].map(
    (name) => `howto/${name}.html`,
  ),
  ...[
    'functions',
    'stdtypes',
    'exceptions',
    'os',
    'os.path',
    'pathlib',
    'json',
    're',
    'collections',
    'itertools',
    'functools',
    'datetime',
    'typing',
    'logging',
    'unittest',
    'subprocess',
    'asyncio-task',
    'dataclasses',
    'string',
    'csv',
  ].map((name) => `library/${name}.html`),
  ...['lexical_analysis', 'datamodel', 'expressions', 'simple_stmts', 'compound_stmts', 'import'].map(
    (name) => `reference/${name}.html`,
  ),
];
