import { FakeMistral } from '../../../../test/fakes/mistral.fake';
import type { ChunkMatch } from '../index/vector-index';
import { AnswerFailed, citationsIn, MistralAnswerer } from './grounded-answerer';

const passage = (id: string, source: string, text: string, page?: number): ChunkMatch => ({
  id,
  text,
  score: 0.8,
  metadata: {
    documentId: `doc-${id}`,
    source,
    format: page === undefined ? 'txt' : 'pdf',
    documentType: 'general',
    chunkIndex: 0,
    chunkTotal: 1,
    charStart: 0,
    charEnd: text.length,
    keywords: '',
    page,
  },
});

const PASSAGES = [
  passage('a', 'inbox/pump.pdf', 'Clean the air filter every three months.', 4),
  passage('b', 'inbox/boiler.txt', 'The boiler is serviced once a year.'),
];

describe('MistralAnswerer (official SDK against the fake Mistral API)', () => {
  const mistral = new FakeMistral();
  beforeAll(() => mistral.start());
  afterAll(() => mistral.stop());
  const defaultAnswer = mistral.answer;
  beforeEach(() => {
    mistral.reset();
    mistral.answer = defaultAnswer;
  });

  const answerer = (options: Partial<ConstructorParameters<typeof MistralAnswerer>[0]> = {}) =>
    new MistralAnswerer({ apiKey: mistral.apiKey, serverUrl: mistral.url, ...options });

  it('sends the numbered passages with their sources, and maps the [n] marks of the answer to them', async () => {
    mistral.answer = () => 'Every three months [1]; the boiler yearly [2][2]; see also [7].';

    const answer = await answerer().answer('How often is the filter cleaned?', PASSAGES);

    expect(answer).toEqual({
      text: 'Every three months [1]; the boiler yearly [2][2]; see also [7].',
      model: 'mistral-small-latest',
      citations: [
        { number: 1, chunkId: 'a', source: 'inbox/pump.pdf', page: 4 },
        { number: 2, chunkId: 'b', source: 'inbox/boiler.txt', page: undefined },
      ],
    });
    const [request] = mistral.requestsTo('/v1/chat/completions');
    const body = JSON.parse(request.body.toString('utf8')) as { model: string; messages: { content: string }[] };
    expect(body.model).toBe('mistral-small-latest');
    expect(body.messages[1].content).toContain('[1] (inbox/pump.pdf, page 4)\nClean the air filter');
    expect(body.messages[1].content).toContain('[2] (inbox/boiler.txt)\nThe boiler');
    expect(body.messages[1].content).toMatch(/Question: How often is the filter cleaned\?$/);
  });

  it('waits what Retry-After asks on 429, then answers', async () => {
    mistral.rateLimitNext(1, 1);

    const answer = await answerer().answer('How often?', PASSAGES);

    expect(answer.text).toContain('Answer to:');
    const [limited, retried] = mistral.requestsTo('/v1/chat/completions');
    expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('fails with AnswerFailed and the status, never the key, when Mistral refuses', async () => {
    const error = await answerer({ apiKey: 'wrong-secret-key' })
      .answer('How often?', PASSAGES)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AnswerFailed);
    expect((error as AnswerFailed).status).toBe(401);
    expect((error as Error).message).not.toContain('wrong-secret-key');
  });
});

describe('citationsIn', () => {
  it('keeps each cited passage once, in the order first cited', () => {
    expect(citationsIn('[2] then [1] and [2] again', PASSAGES).map((citation) => citation.number)).toEqual([2, 1]);
    expect(citationsIn('no marks, or [0] and [3]', PASSAGES)).toEqual([]);
  });
});
