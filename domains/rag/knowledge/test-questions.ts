import type { TestQuestion } from './knowledge-base.gates';

/**
 * The questions the `test-questions` gate asks (the examples), each with the page that must answer it.
 * A question whose page is not in the configured list is not asked.
 */
export const RAG_TEST_QUESTIONS: readonly TestQuestion[] = [
  { question: 'how do I open a file for reading and writing', expectedPage: 'tutorial/inputoutput.html' },
  { question: 'list comprehension syntax', expectedPage: 'tutorial/datastructures.html' },
  { question: 'how do I sort a list with a key function', expectedPage: 'howto/sorting.html' },
  { question: 'how do I handle an exception with try and except', expectedPage: 'tutorial/errors.html' },
];
