import { loadConfig } from '@relais/config';
import { RAG_DOMAIN } from '../rag.domain';
import { DEFAULT_RAG_PAGES } from './default-pages';
import { ragSettingsOf } from './rag.settings';

const load = (env: Record<string, string>) =>
  loadConfig({ RELAIS_DATA_DIR: '/srv/relais', ...env }, { dotenv: false, domains: [RAG_DOMAIN] });

describe("The RAG domain's settings", () => {
  it('run on defaults: docs.python.org, the default pages, polite limits, doctorpy_docs, the offline embedder', () => {
    const settings = ragSettingsOf(load({}));
    expect(settings).toMatchObject({
      crawler: { baseUrl: 'https://docs.python.org/3/', concurrency: 5, delayMs: 100, timeoutMs: 15_000, retries: 3 },
      pages: [...DEFAULT_RAG_PAGES],
      collectionPrefix: 'doctorpy_docs',
      embedder: { provider: 'hashing', dimensions: 512 },
      chunking: { chunkSize: 1200, chunkOverlap: 150 },
      gates: { minPages: 10, minChunks: 50, topK: 5 },
      mistral: null,
    });
    expect(settings.crawler.userAgent).toMatch(/^RelaisDoctorPy\//);
  });

  it('take a file: mirror, a page list (trimmed, once each), limits, thresholds and the shared Mistral key', () => {
    const config = load({
      RAG_BASE_URL: 'file:///usr/share/doc/python3/html/',
      RAG_PAGES: 'tutorial/inputoutput.html, howto/sorting.html,tutorial/inputoutput.html',
      RAG_CONCURRENCY: '2',
      RAG_DELAY_MS: '0',
      RAG_MIN_PAGES: '2',
      RAG_MIN_CHUNKS: '5',
      RAG_EMBEDDER: 'mistral',
      MISTRAL_API_KEY: 'mistral-secret-key',
    });
    const settings = ragSettingsOf(config);
    expect(settings.crawler).toMatchObject({
      baseUrl: 'file:///usr/share/doc/python3/html/',
      concurrency: 2,
      delayMs: 0,
    });
    expect(settings.pages).toEqual(['tutorial/inputoutput.html', 'howto/sorting.html']);
    expect(settings.gates).toMatchObject({ minPages: 2, minChunks: 5 });
    expect(settings.embedder).toMatchObject({ provider: 'mistral', model: 'mistral-embed' });
    expect(config.secrets).toContain('mistral-secret-key');
  });

  it('name every bad variable, and settings that are wrong together', () => {
    const attempt = () =>
      load({ RAG_BASE_URL: 'ftp://docs.python.org/3', RAG_CONCURRENCY: '6', RAG_PAGES: 'a.html,,b c.html' });
    expect(attempt).toThrow(/RAG_BASE_URL must be an http\(s\) or file:\/\/\/ URL ending with \//);
    expect(attempt).toThrow(/RAG_CONCURRENCY must be an integer between 1 and 5/);
    expect(attempt).toThrow(/RAG_PAGES must be a comma-separated list of page paths/);
    expect(() => load({ RAG_EMBEDDER: 'mistral' })).toThrow(/RAG_EMBEDDER=mistral needs MISTRAL_API_KEY/);
    expect(() => load({ RAG_CHUNK_SIZE: '400', RAG_CHUNK_OVERLAP: '300' })).toThrow(
      /RAG_CHUNK_OVERLAP \(300\) must be under half of RAG_CHUNK_SIZE \(400\)/,
    );
  });
});
