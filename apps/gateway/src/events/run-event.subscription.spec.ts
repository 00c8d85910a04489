import { parseRunEvents } from './run-event.subscription';

const started = (runId: string) => ({
  event: 'flow_started',
  runId,
  flowName: 'test.flow',
  state: 'RUNNING',
  at: 'now',
});

describe('parseRunEvents', () => {
  it('reads a message carrying one event', () => {
    expect(parseRunEvents(JSON.stringify(started('a')))).toEqual([started('a')]);
  });

  it('reads a message carrying several events, in order', () => {
    expect(parseRunEvents(JSON.stringify([started('a'), started('b')]))?.map((event) => event.runId)).toEqual([
      'a',
      'b',
    ]);
  });

  it('refuses what is not run events: foreign JSON, text, an array with one foreign element', () => {
    expect(parseRunEvents('{"hello":"world"}')).toBeNull();
    expect(parseRunEvents('not json')).toBeNull();
    expect(parseRunEvents(JSON.stringify([started('a'), { event: 'other', runId: 'b', flowName: 'x' }]))).toBeNull();
  });
});
