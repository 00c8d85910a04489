import { RobotsRules } from './robots-rules';

describe('RobotsRules', () => {
  const text = [
    'User-agent: *',
    'Disallow: /',
    '',
    'User-agent: OtherBot',
    'User-agent: RelaisDoctorPy',
    'Disallow: /3/private/',
    'Allow: /3/private/open.html',
    'Disallow: /*.pdf$',
  ].join('\n');

  it('applies the group naming our product token, longest rule first, with * and $ patterns', () => {
    const rules = RobotsRules.parse(text, 'RelaisDoctorPy/0.1 (contact)');
    expect(rules.allows('/3/tutorial/index.html')).toBe(true);
    expect(rules.allows('/3/private/secret.html')).toBe(false);
    expect(rules.allows('/3/private/open.html')).toBe(true);
    expect(rules.allows('/3/archive/python.pdf')).toBe(false);
    expect(rules.allows('/3/archive/python.pdf.html')).toBe(true);
  });

  it('falls back to the * group for another agent', () => {
    expect(RobotsRules.parse(text, 'SomeoneElse/1.0').allows('/3/tutorial/index.html')).toBe(false);
    expect(RobotsRules.allowAll().allows('/anything')).toBe(true);
  });
});
