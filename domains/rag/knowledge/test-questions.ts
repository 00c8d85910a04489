import type { TestQuestion } from './knowledge-base.gates';

/**
 * The questions the `test-questions` gate asks (the issue's examples), each with the page that must answer it,
 * checked on the default page list over python3-doc with the offline embedder. A question whose page is not in
 * the run's list is not asked. (PEP 8's line length is not asked: no PEP is under the documentation's base URL.)
 */
export const RAG_TEST_QUESTIONS: readonly TestQuestion[] = [
  { question: 'how do I open a file for reading and writing', expectedPage: 'tutorial/inputoutput.html' },
  // The language reference defines the syntax ("Displays for lists, sets and dictionaries"): the nearest page.
  { question: 'list comprehension syntax', expectedPage: 'reference/expressions.html' },
  { question: 'how do I sort a list with a key function', expectedPage: 'howto/sorting.html' },
  { question: 'how do I handle an exception with try and except', expectedPage: 'tutorial/errors.html' },
  { question: 'how do I read and write JSON', expectedPage: 'library/json.html' },
];
