import { QID_PATTERN } from '../contracts';
import { InvalidParamsError } from '@relais/engine';
import { SeedRequestError } from './seed-request.error';

/** Checks a QID taken from a path or body; `field` names it in the 400. */
export function requireQid(value: unknown, field = 'qid'): string {
  if (typeof value !== 'string' || !QID_PATTERN.test(value)) {
    // At most 40 characters of what was sent: a 1 MB value is not worth echoing.
    const got = (JSON.stringify(value) as string | undefined)?.slice(0, 40) ?? String(value);
    throw new SeedRequestError(400, `${field} must be a Wikidata item id such as Q296 (got ${got})`);
  }
  return value;
}

/**
 * Parameters of `scrutart.process-artist` from the seed's body `{qid, languages?, auto_publish?}`. Other fields are
 * ignored, as the seed ignored them; the contract validates types and fills in the defaults.
 */
export function processArtistParams(body: unknown): Record<string, unknown> {
  const fields = bodyFields(body);
  if (isBlank(fields.qid)) {
    throw new SeedRequestError(400, 'qid is required (a Wikidata item id such as Q296)');
  }
  return definedOnly({
    qid: requireQid(fields.qid),
    languages: fields.languages,
    auto_publish: fields.auto_publish,
  });
}

/**
 * Parameters of `scrutart.process-batch` from the seed's body `{qids, batch_name?, batch_size?, languages?,
 * auto_publish?}`. The seed's `batch_size` (how many artists at once) is Relais's `concurrency`; `concurrency`
 * itself is accepted too and wins. A batch without a name is named after the time, as the seed did. See
 * seedFieldNames for the names a refusal must use.
 */
export function processBatchParams(body: unknown, now = new Date()): Record<string, unknown> {
  const fields = bodyFields(body);
  const qids = fields.qids;
  if (qids === undefined || qids === null || (Array.isArray(qids) && qids.length === 0)) {
    throw new SeedRequestError(400, 'qids is required (a non-empty list of Wikidata item ids such as ["Q296"])');
  }
  if (!Array.isArray(qids)) throw new SeedRequestError(400, 'qids must be a list of Wikidata item ids');
  return definedOnly({
    qids: qids.map((qid, index) => requireQid(qid, `qids[${index}]`)),
    batch_name: isBlank(fields.batch_name) ? defaultBatchName(now) : fields.batch_name,
    concurrency: fields.concurrency !== undefined ? fields.concurrency : fields.batch_size,
    languages: fields.languages,
    auto_publish: fields.auto_publish,
  });
}

/**
 * The engine's refusal of a seed body's parameters, with each field named as the caller sent it: a bad
 * `batch_size` is reported as `batch_size`, not as the `concurrency` it became.
 */
export function inSeedFieldNames(error: InvalidParamsError, body: unknown): InvalidParamsError {
  const sent = bodyFields(body);
  if (sent.concurrency !== undefined || sent.batch_size === undefined || !('concurrency' in error.fields)) return error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([field, problems]) =>
      field === 'concurrency'
        ? ['batch_size', problems.map((problem) => problem.replace(/^concurrency\b/, 'batch_size'))]
        : [field, problems],
    ),
  );
  return new InvalidParamsError(error.flowName, fields);
}

/** `Batch 20240830_142501`, the seed's default name (local time of the gateway). */
function defaultBatchName(now: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `Batch ${date}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

function bodyFields(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new SeedRequestError(400, 'The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
