import { ConfigError, loadConfig } from '@relais/config';
import { DOCUMENTS_DOMAIN } from '../documents.domain';
import { currentDocumentRoots } from '../paths/document-roots';
import { DEFAULT_CHROMA_URL, documentsSettingsOf } from './documents.settings';

const load = (env: Record<string, string>) =>
  loadConfig({ RELAIS_DATA_DIR: '/srv/relais', ...env }, { dotenv: false, domains: [DOCUMENTS_DOMAIN] });

describe("The documents domain's settings", () => {
  it('run on defaults with nothing set: folders under the data directory, the offline embedder, no Mistral', () => {
    const settings = documentsSettingsOf(load({}));

    expect(settings).toMatchObject({
      inboxDir: '/srv/relais/inbox',
      folderRoots: ['/srv/relais/inbox', '/srv/relais/documents'],
      backupDir: '/srv/relais/backups/chroma',
      reportsDir: '/srv/relais/reports',
      chromaUrl: DEFAULT_CHROMA_URL,
      collectionPrefix: 'document_embeddings',
      embedder: { provider: 'hashing', dimensions: 512 },
      maxParallel: 3,
      readAhead: 6,
      backupKeep: 7,
      mistral: null,
    });
    expect(settings.ingest).toMatchObject({
      chunkSize: 1000,
      chunkOverlap: 200,
      minBytes: 100,
      maxBytes: 10_485_760,
      pdfTimeoutMs: 60_000,
    });
    expect(currentDocumentRoots()?.folder).toEqual({ base: '/srv/relais', roots: settings.folderRoots });
  });

  it('take Chroma from the platform, folders, bounds and Mistral from their variables, the key as a secret', () => {
    const config = load({
      CHROMA_URL: 'http://chroma.internal:8000/',
      DOCUMENTS_FOLDERS: '/mnt/manuals, /mnt/policies',
      DOCUMENTS_EMBEDDER: 'mistral',
      MISTRAL_API_KEY: 'mistral-secret-key',
      MISTRAL_API_URL: 'http://127.0.0.1:9999',
      DOCUMENTS_CHUNK_SIZE: '600',
      DOCUMENTS_CHUNK_OVERLAP: '50',
      DOCUMENTS_EXTENSIONS: '.pdf, .TXT',
      DOCUMENTS_PDF_TIMEOUT_MS: '180000',
    });
    const settings = documentsSettingsOf(config);

    expect(settings.chromaUrl).toBe('http://chroma.internal:8000');
    expect(settings.folderRoots).toEqual([
      '/srv/relais/inbox',
      '/srv/relais/documents',
      '/mnt/manuals',
      '/mnt/policies',
    ]);
    expect(settings.embedder).toEqual({
      provider: 'mistral',
      apiKey: 'mistral-secret-key',
      serverUrl: 'http://127.0.0.1:9999',
      model: 'mistral-embed',
    });
    expect(settings.ingest).toMatchObject({
      chunkSize: 600,
      chunkOverlap: 50,
      extensions: ['.pdf', '.txt'],
      pdfTimeoutMs: 180_000,
    });
    expect(config.secrets).toContain('mistral-secret-key');
    // Off with a paid embedder: a file prepared ahead whose run lands on another worker would be embedded twice.
    expect(settings.readAhead).toBe(0);
    expect(
      documentsSettingsOf(
        load({ DOCUMENTS_EMBEDDER: 'mistral', MISTRAL_API_KEY: 'mistral-secret-key', DOCUMENTS_READ_AHEAD: '4' }),
      ).readAhead,
    ).toBe(4);
    expect(documentsSettingsOf(load({ DOCUMENTS_READ_AHEAD: '0' })).readAhead).toBe(0);
  });

  it('name every bad variable, and settings that are wrong together', () => {
    const attempt = () =>
      load({
        DOCUMENTS_EMBEDDER: 'openai',
        DOCUMENTS_MAX_PARALLEL: '0',
        DOCUMENTS_PDF_TIMEOUT_MS: '50',
        CHROMA_URL: 'chroma:8000',
      });
    expect(attempt).toThrow(/DOCUMENTS_EMBEDDER must be hashing \(offline\) or mistral/);
    expect(attempt).toThrow(/DOCUMENTS_MAX_PARALLEL must be an integer between 1 and 50/);
    expect(attempt).toThrow(/DOCUMENTS_PDF_TIMEOUT_MS must be an integer between 100 and 3600000/);
    expect(attempt).toThrow(/CHROMA_URL must be the http\(s\) URL of a Chroma server/);
    expect(() => load({ DOCUMENTS_EMBEDDER: 'mistral' })).toThrow(/DOCUMENTS_EMBEDDER=mistral needs MISTRAL_API_KEY/);
    expect(() => load({ DOCUMENTS_CHUNK_SIZE: '400', DOCUMENTS_CHUNK_OVERLAP: '300' })).toThrow(ConfigError);
    expect(() => load({ DOCUMENTS_CHUNK_SIZE: '400', DOCUMENTS_CHUNK_OVERLAP: '300' })).toThrow(
      /DOCUMENTS_CHUNK_OVERLAP: must be under half of chunkSize/,
    );
  });
});
