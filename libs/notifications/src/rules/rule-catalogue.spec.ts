import { RULE_CATALOGUE } from './rule-catalogue';
import { InvalidRuleError } from './rule.errors';
import { validateRuleParams } from './parse-alert-rule';

describe('RULE_CATALOGUE', () => {
  it('holds only rules whose params validate, with unique ids', () => {
    for (const rule of RULE_CATALOGUE) expect(() => validateRuleParams(rule.id, rule.kind, rule.params)).not.toThrow();
    expect(new Set(RULE_CATALOGUE.map((rule) => rule.id)).size).toBe(RULE_CATALOGUE.length);
  });
});

describe('validateRuleParams', () => {
  const problems = (kind: string, params: unknown): string[] => {
    try {
      validateRuleParams('r', kind, params);
    } catch (error) {
      if (error instanceof InvalidRuleError) return error.problems;
      throw error;
    }
    return [];
  };

  it('names each bad field of the params, and refuses unknown ones', () => {
    expect(problems('flow-silent', { flow: 42, hours: 0, hour: 3 })).toEqual(
      expect.arrayContaining([
        'params.hour should not exist',
        'params.flow must be a flow name',
        'params.hours must be an integer between 1 and 8760 (a year)',
      ]),
    );
    expect(problems('run-failed', { states: ['COMPLETED'], tags: 'ops' })).toEqual(
      expect.arrayContaining(['params.states must be a list of FAILED and CRASHED', 'params.tags must be a list']),
    );
    expect(problems('run-failed', { flows: Array.from({ length: 101 }, (_, i) => `f${i}`) })).toEqual([
      'params.flows may list at most 100 names',
    ]);
  });

  it('refuses an unknown kind and params that are not an object', () => {
    expect(problems('run-exploded', {})).toEqual([
      'kind must be one of run-failed, health-below, report-produced, run-too-long, flow-silent (got "run-exploded")',
    ]);
    expect(problems('run-failed', [])).toEqual(['params must be an object']);
  });

  it('returns the params as given when they are valid', () => {
    expect(validateRuleParams('r', 'run-too-long', { minutes: 30, tags: ['ops'] })).toEqual({
      minutes: 30,
      tags: ['ops'],
    });
  });
});
