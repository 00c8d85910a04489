import { InvalidIngestSettings } from './ingest.errors';
import { DEFAULT_INGEST_SETTINGS, resolveIngestSettings } from './ingest-settings';

describe('resolveIngestSettings', () => {
  it('gives the defaults (100 B–10 MiB, chunks of 1000 with 200 of overlap) and normalises extensions', () => {
    expect(resolveIngestSettings()).toEqual(DEFAULT_INGEST_SETTINGS);
    expect(resolveIngestSettings({ extensions: [' .PDF '] }).extensions).toEqual(['.pdf']);
    expect(resolveIngestSettings({ chunkSize: undefined }).chunkSize).toBe(1000);
  });

  it.each([
    [{ chunkSize: 50 }, /chunkSize: must be an integer from 100 to 20000 \(got 50\)/],
    [{ chunkOverlap: 600 }, /chunkOverlap: must be under half of chunkSize/],
    [{ minBytes: 2000, maxBytes: 1000 }, /minBytes: must not exceed maxBytes/],
    [{ extensions: ['pdf'] }, /extensions: "pdf" is not an extension/],
    [{ extensions: [] }, /extensions: must list at least one/],
  ])('refuses %o, naming the field', (overrides, message) => {
    expect(() => resolveIngestSettings(overrides)).toThrow(InvalidIngestSettings);
    expect(() => resolveIngestSettings(overrides)).toThrow(message);
  });
});
