import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../cli-errors';
import { parseParamAssignment, parseParamValue, parseRunParameters } from './parse-params';

describe('parseParamValue', () => {
  it.each([
    ['3', 3],
    ['-2.5', -2.5],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[1,2]', [1, 2]],
    ['["fr","en"]', ['fr', 'en']],
    ['{"a":1}', { a: 1 }],
    ['"3"', '3'],
  ])('reads %s as JSON', (raw, expected) => {
    expect(parseParamValue(raw)).toEqual(expected);
  });

  it.each(['Q42', 'hello world', '', '[fr,en]', 'publish', '01:00'])('keeps %p as text when it is not JSON', (raw) => {
    expect(parseParamValue(raw)).toBe(raw);
  });
});

describe('parseParamAssignment', () => {
  it('splits at the first = only, so values may contain =', () => {
    expect(parseParamAssignment('query=a=b')).toEqual(['query', 'a=b']);
  });

  it('trims the key and keeps an empty value as an empty string', () => {
    expect(parseParamAssignment(' name =')).toEqual(['name', '']);
  });

  it.each(['steps', '=3', ' =3'])('rejects %p with a usage error naming the expected form', (assignment) => {
    expect(() => parseParamAssignment(assignment)).toThrow(UsageError);
    expect(() => parseParamAssignment(assignment)).toThrow('--param expects key=value');
  });
});

describe('parseRunParameters', () => {
  it('merges --params-json with each --param overriding it, in order', () => {
    expect(parseRunParameters(['steps=5', 'qid=Q42', 'steps=6'], '{"steps":1,"languages":["fr"]}')).toEqual({
      steps: 6,
      qid: 'Q42',
      languages: ['fr'],
    });
  });

  it('gives an empty object without any parameter', () => {
    expect(parseRunParameters([])).toEqual({});
  });

  it('reads --params-json @file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'relais-cli-'));
    try {
      const file = join(directory, 'params.json');
      writeFileSync(file, '{"folder": "./data/inbox", "dry_run": true}');
      expect(parseRunParameters([], `@${file}`)).toEqual({ folder: './data/inbox', dry_run: true });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.each([
    ['{steps: 3}', 'is not valid JSON'],
    ['[1, 2]', 'must be a JSON object'],
    ['3', 'must be a JSON object'],
    ['@/nonexistent/params.json', 'cannot read the file (ENOENT)'],
  ])('rejects --params-json %p: %s', (raw, problem) => {
    expect(() => parseRunParameters([], raw)).toThrow(UsageError);
    expect(() => parseRunParameters([], raw)).toThrow(problem);
  });
});
