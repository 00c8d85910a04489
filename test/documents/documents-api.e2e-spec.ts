import type { TestingModule } from '@nestjs/testing';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunState, type RunSummary } from '@relais/contracts';
import { FakeMistral } from '../fakes/mistral.fake';
import { corruptPdf, textPdf, wordDocument } from '../fixtures/documents/document-files';
import { callApi, createToken, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { waitForApiRunState } from '../gateway/api-test-gateway';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { freePort } from '../support/free-port';
import { testTempDir } from '../support/test-env';
import { startDocumentsWorker } from './documents-world';

const ENDED = [RunState.COMPLETED, RunState.FAILED];

const PUMP = [
  'The heat pump draws warmth from the outside air and moves it into the house through the indoor unit.',
  'Clean the air filter every three months: a clogged filter lowers efficiency and makes the compressor work harder.',
].join('\n\n');

/** Uploads `content` as the multipart field `field` (default `file`) named `name`. */
async function upload(
  gateway: RunningGateway,
  name: string,
  content: string | Buffer,
  options: { query?: string; token?: string; field?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append(
    options.field ?? 'file',
    new Blob([typeof content === 'string' ? content : new Uint8Array(content)]),
    name,
  );
  const response = await fetch(`${gateway.url}/api/documents${options.query ?? ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token ?? gateway.adminToken}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface QueryReply {
  question: string;
  passages: {
    rank: number;
    score: number;
    source: string;
    chunk_id: string;
    text: string;
    position: Record<string, unknown>;
  }[];
  answer: { text: string; model: string; citations: { number: number; source: string; chunk_id: string }[] } | null;
  answer_error: string | null;
}

describe('the documents API (gateway, worker, real Chroma, fake Mistral)', () => {
  const mistral = new FakeMistral();
  let chroma: ChromaTestServer;
  let gateway: RunningGateway;
  let worker: TestingModule;
  const defaultAnswer = mistral.answer;

  beforeAll(async () => {
    await mistral.start();
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    gateway = await startGateway({
      env: {
        CHROMA_URL: chroma.url,
        MISTRAL_API_KEY: mistral.apiKey,
        MISTRAL_API_URL: mistral.url,
        DOCUMENTS_MAX_BYTES: '200000',
      },
    });
    worker = await startDocumentsWorker(gateway.config);
  }, 90_000);

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await chroma.process.stop();
    await mistral.stop();
  });

  beforeEach(() => {
    mistral.reset();
    mistral.answer = defaultAnswer;
  });

  const ingested = async (reply: { status: number; body: Record<string, unknown> }) => {
    expect(reply.status).toBe(201);
    const run = await waitForApiRunState(gateway, reply.body.run_id as string, ENDED, 30_000);
    expect(run.state).toBe('COMPLETED');
    return run;
  };
  const query = (body: unknown) => callApi<QueryReply>(gateway, 'POST', '/api/documents/query', { body });

  it('uploads files into the inbox, checked as ingestion checks them, and ingests them on request', async () => {
    const pump = await upload(gateway, 'pump.txt', PUMP, { query: '?ingest=true' });
    expect(pump.body).toMatchObject({
      file: 'inbox/pump.txt',
      format: 'txt',
      replaced: false,
      size_bytes: PUMP.length,
    });
    await ingested(pump);
    await ingested(
      await upload(
        gateway,
        'boiler.pdf',
        await textPdf([['# Boiler', 'The gas boiler is serviced once a year by a certified engineer before winter.']]),
        { query: '?ingest=true' },
      ),
    );
    await ingested(
      await upload(
        gateway,
        'minutes.docx',
        await wordDocument([{ heading: 1, text: 'Minutes' }, 'The board approved the budget for the library roof.']),
        { query: '?ingest=true' },
      ),
    );
    const later = await upload(
      gateway,
      'later.md',
      '# Later\n\nThis note waits in the inbox for the nightly run, which ingests what it finds there at 02:00.',
    );
    expect(later).toMatchObject({ status: 201, body: { file: 'inbox/later.md', run_id: null } });

    const inbox = join(gateway.config.dataDir, 'inbox');
    expect((await readdir(inbox)).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'boiler.pdf',
      'later.md',
      'minutes.docx',
      'pump.txt',
    ]);
    expect(await readdir(join(inbox, '.incoming'))).toEqual([]);
    const again = await upload(
      gateway,
      'later.md',
      '# Later\n\nA second version of the note, still waiting in the inbox for the night, when it will be ingested.',
    );
    expect(again.body).toMatchObject({ replaced: true });
  });

  it('refuses a bad upload with 4xx naming the file field, and leaves nothing behind', async () => {
    const refusals: [string, string | Buffer, number, RegExp][] = [
      ['setup.exe', 'MZ'.repeat(100), 400, /extension ".exe" is not accepted/],
      ['tiny.txt', 'too short', 400, /under the minimum of 100 bytes/],
      ['broken.pdf', corruptPdf(), 400, /unreadable/],
      ['blank.txt', ' \n'.repeat(100), 400, /no text to index/],
      ['.hidden.txt', PUMP, 400, /must not be empty or start with a dot/],
      ['huge.txt', 'x'.repeat(250_000), 413, /larger than DOCUMENTS_MAX_BYTES/],
    ];
    for (const [name, content, status, message] of refusals) {
      const reply = await upload(gateway, name, content);
      expect({ name, status: reply.status }).toEqual({ name, status });
      expect((reply.body.fields as Record<string, string[]>).file.join(' ')).toMatch(message);
    }
    const noFile = await upload(gateway, 'pump.txt', PUMP, { field: 'document' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.fields).toHaveProperty('file');
    const badFlag = await upload(gateway, 'flag.txt', PUMP, { query: '?ingest=yes' });
    expect(badFlag).toMatchObject({ status: 400, body: { fields: { ingest: ['ingest must be true or false'] } } });

    const inbox = join(gateway.config.dataDir, 'inbox');
    expect(
      (await readdir(inbox)).filter((name) => !['boiler.pdf', 'later.md', 'minutes.docx', 'pump.txt'].includes(name)),
    ).toEqual(['.incoming']);
    expect(await readdir(join(inbox, '.incoming'))).toEqual([]);
  });

  it('lets only operators upload, and takes multipart bodies on the upload route only', async () => {
    const viewer = await createToken(gateway, 'reader', 'viewer');
    expect((await upload(gateway, 'pump.txt', PUMP, { token: viewer.token })).status).toBe(403);

    const form = new FormData();
    form.append('parameters', '{}');
    const elsewhere = await fetch(`${gateway.url}/api/flows/ops.health-check/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}` },
      body: form,
    });
    expect(elsewhere.status).toBe(415);
  });

  it("answers a question with the k best passages (source, score, position) and Mistral's answer citing them", async () => {
    mistral.answer = () => 'Clean the air filter every three months [1]; see also [9].';

    const reply = await query({ question: '  How often should the air filter be cleaned?  ', k: 2 });

    expect(reply.status).toBe(200);
    expect(reply.body.question).toBe('How often should the air filter be cleaned?');
    expect(reply.body.passages).toHaveLength(2);
    const [best] = reply.body.passages;
    expect(best).toMatchObject({ rank: 1, source: 'inbox/pump.txt' });
    expect(best.score).toBeGreaterThan(reply.body.passages[1].score);
    expect(best.position).toMatchObject({ chunk_index: 0, char_start: 0, page: null });
    expect(reply.body.answer).toEqual({
      text: 'Clean the air filter every three months [1]; see also [9].',
      model: 'mistral-small-latest',
      citations: [{ number: 1, source: 'inbox/pump.txt', chunk_id: best.chunk_id, page: null }],
    });
    const [request] = mistral.requestsTo('/v1/chat/completions');
    expect(request.body.toString('utf8')).toContain('[1] (inbox/pump.txt)');
  });

  it('waits what Retry-After asks when Mistral answers 429, and keeps the passages when Mistral fails', async () => {
    mistral.rateLimitNext(1, 1);
    const limited = await query({ question: 'When is the boiler serviced?' });
    expect(limited.status).toBe(200);
    expect(limited.body.answer?.text).toMatch(/^Answer to:/);
    const [first, second] = mistral.requestsTo('/v1/chat/completions');
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
    expect(limited.body.passages[0]).toMatchObject({ source: 'inbox/boiler.pdf', position: { page: 1 } });

    mistral.failNext(1, 400, { contentType: 'application/json', body: '{"message":"bad request"}' });
    const failed = await query({ question: 'When is the boiler serviced?' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ answer: null, answer_error: 'Mistral answered HTTP 400' });
    expect(failed.body.passages.length).toBeGreaterThan(0);
  });

  it('refuses a bad question with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ question: 'hi' }, 'question'],
      [{ question: '   ab   ' }, 'question'],
      [{ question: 'x'.repeat(1001) }, 'question'],
      [{}, 'question'],
      [{ question: 'a fair question', k: 0 }, 'k'],
      [{ question: 'a fair question', k: 51 }, 'k'],
      [{ question: 'a fair question', k: 'three' }, 'k'],
      [{ question: 'a fair question', k: null }, 'k'],
      [{ question: 'a fair question', answer: true }, 'answer'],
    ];
    for (const [body, field] of cases) {
      const reply = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/documents/query', {
        body,
      });
      expect({ body, status: reply.status, fields: Object.keys(reply.body.fields) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
    }
  });

  it('lists the manifest, filtered and paginated, and refuses bad filters naming them', async () => {
    const all = await callApi<{ items: { source: string }[]; total: number }>(gateway, 'GET', '/api/documents');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    const page = await callApi<{ items: { source: string; state: string; chunk_count: number }[]; total: number }>(
      gateway,
      'GET',
      '/api/documents?format=pdf&state=indexed&source_prefix=inbox/&limit=1&offset=0',
    );
    expect(page.body).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expect(page.body.items).toEqual([expect.objectContaining({ source: 'inbox/boiler.pdf', state: 'indexed' })]);
    expect(page.body.items[0].chunk_count).toBeGreaterThan(0);
    expect(
      (await callApi<{ items: unknown[] }>(gateway, 'GET', '/api/documents?limit=2&offset=2')).body.items,
    ).toHaveLength(1);

    for (const [search, field] of [
      ['state=done', 'state'],
      ['format=exe', 'format'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-1', 'offset'],
      ['sort=name', 'sort'],
    ]) {
      const reply = await callApi<{ fields: Record<string, string[]> }>(gateway, 'GET', `/api/documents?${search}`);
      expect({ search, status: reply.status, fields: Object.keys(reply.body.fields) }).toEqual({
        search,
        status: 400,
        fields: [field],
      });
    }
  });

  it('deletes a document and its chunks (operators only); 404 for an unknown id, 400 for a malformed one', async () => {
    const list = await callApi<{ items: { id: string; source: string; chunk_count: number }[] }>(
      gateway,
      'GET',
      '/api/documents?source_prefix=inbox/pump',
    );
    const [pump] = list.body.items;
    const viewer = await createToken(gateway, 'deleter', 'viewer');
    expect((await callApi(gateway, 'DELETE', `/api/documents/${pump.id}`, { token: viewer.token })).status).toBe(403);

    const removed = await callApi(gateway, 'DELETE', `/api/documents/${pump.id}`);

    expect(removed).toMatchObject({
      status: 200,
      body: { id: pump.id, removed: true, chunks_deleted: pump.chunk_count },
    });
    expect((await callApi(gateway, 'GET', `/api/documents/${pump.id}`)).status).toBe(404);
    expect((await callApi(gateway, 'DELETE', `/api/documents/${pump.id}`)).status).toBe(404);
    const after = await query({ question: 'How often should the air filter be cleaned?', k: 5 });
    expect(after.body.passages.map((passage) => passage.source)).not.toContain('inbox/pump.txt');
    const malformed = await callApi<{ fields: Record<string, string[]> }>(
      gateway,
      'DELETE',
      '/api/documents/not-an-id',
    );
    expect(malformed).toMatchObject({ status: 400, body: { fields: { id: ['id must be a document id (a UUID)'] } } });
  });

  it('starts documents flows through the generic API, refusing a folder outside the roots with 400 naming it', async () => {
    const refused = await callApi<{ fields: Record<string, string[]> }>(
      gateway,
      'POST',
      '/api/flows/documents.batch/runs',
      {
        body: { parameters: { folder: '../../etc' } },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.fields.folder.join(' ')).toMatch(/must not contain "\.\." segments/);

    const accepted = await callApi<RunSummary>(gateway, 'POST', '/api/flows/documents.batch/runs', {
      body: { parameters: { folder: 'inbox', extensions: ['.md'] } },
    });
    expect(accepted.status).toBe(201);
    const run = await waitForApiRunState(gateway, accepted.body.id, ENDED, 30_000);
    expect(run.state).toBe('COMPLETED');
  });
});

describe('the documents API without a Mistral key, and with Chroma away', () => {
  let chroma: ChromaTestServer;
  let gateway: RunningGateway;
  let away: RunningGateway;

  beforeAll(async () => {
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    gateway = await startGateway({ env: { CHROMA_URL: chroma.url } });
    away = await startGateway({ env: { CHROMA_URL: `http://127.0.0.1:${await freePort()}` } });
  }, 90_000);

  afterAll(async () => {
    for (const running of [gateway, away]) {
      await running.close();
      await running.cleanup();
    }
    await chroma.process.stop();
  });

  it('gives the passages and no answer when no key is configured', async () => {
    const reply = await callApi<QueryReply>(gateway, 'POST', '/api/documents/query', {
      body: { question: 'anything indexed yet?' },
    });

    expect(reply).toMatchObject({ status: 200, body: { passages: [], answer: null, answer_error: null } });
  });

  it('answers 503 with Retry-After when Chroma does not answer', async () => {
    const reply = await callApi<{ message: string }>(away, 'POST', '/api/documents/query', {
      body: { question: 'is anyone there?' },
    });

    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('5');
    expect(reply.body.message).toBe('The vector index (Chroma) is unavailable: try again shortly');
  });
});
