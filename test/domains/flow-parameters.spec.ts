import { IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { defineFlow, Nullable } from '@relais/contracts';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import {
  BATCH_FLOW,
  INGEST_FILE_FLOW,
  PROCESS_FOLDER_FLOW,
  RESTORE_BACKUP_FLOW as RESTORE_INDEX_BACKUP_FLOW,
} from '@relais/domains/documents/contracts';
import {
  EMERGENCY_MAINTENANCE_FLOW,
  HEALTH_CHECK_FLOW,
  RESTORE_BACKUP_FLOW as RESTORE_DATABASE_BACKUP_FLOW,
} from '@relais/domains/ops/contracts';
import { IMPORT_FILE_FLOW } from '@relais/domains/dpgf/contracts';
import { PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW } from '@relais/domains/scrutart/contracts';
import { InvalidParamsError, validateParams } from '@relais/engine';

class Target {
  @IsString() @MaxLength(20) site: string = 'main';
}

class NullableParams {
  @IsOptional() @IsInt() @Min(1) retries: number = 3;

  /** null means "no deadline", a value of its own. */
  @IsOptional() @Nullable() @IsInt() deadline: number | null = 60;

  @IsOptional() @ValidateNested() @Type(() => Target) target: Target = new Target();
}

const NULLABLE_FLOW = defineFlow<NullableParams, undefined>({
  name: 'test.nullable-params',
  queue: 'test',
  description: 'null declared on one parameter',
  params: NullableParams,
});

/** The fields of the InvalidParamsError that `run` throws. */
function refusedFields(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParamsError) return error.fields;
    throw error;
  }
  throw new Error('expected an InvalidParamsError');
}

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

describe('validateParams, on the shipped flows and on flows of this spec', () => {
  it('refuses null for a parameter with a default, naming it, on every flow of every domain', () => {
    const required: Record<string, Record<string, unknown>> = {
      [PROCESS_ARTIST_FLOW.name]: { qid: 'Q296' },
      [PROCESS_BATCH_FLOW.name]: { qids: ['Q296'] },
      [INGEST_FILE_FLOW.name]: { file: 'inbox/report.pdf' },
      [BATCH_FLOW.name]: { folder: 'inbox' },
      [PROCESS_FOLDER_FLOW.name]: { folder: 'inbox' },
      [RESTORE_INDEX_BACKUP_FLOW.name]: { backup: 'chroma-20250101-010000-000.ndjson.gz' },
      [EMERGENCY_MAINTENANCE_FLOW.name]: { issue_description: 'disk full' },
      [RESTORE_DATABASE_BACKUP_FLOW.name]: {
        backup: 'relais-sqlite-20260101T030000000Z.sqlite.gz',
        target: 'restored',
      },
      [IMPORT_FILE_FLOW.name]: {
        source: 'file',
        source_id: '/srv/dpgf/a.xlsx',
        path: 'a.xlsx',
        local_path: '/srv/dpgf/a.xlsx',
        sha256: 'a'.repeat(64),
        size: 1,
        type: 'DPGF',
      },
    };
    const flows = new DomainRegistry(DOMAINS).flows();
    expect(flows.length).toBeGreaterThanOrEqual(3);
    let checked = 0;
    for (const contract of flows) {
      const defaults = new contract.params() as unknown as Record<string, unknown>;
      const withDefaults = Object.keys(defaults).filter((name) => defaults[name] !== undefined);
      // Some flows have only required parameters (ops.restore-backup): nothing to check there.
      checked += withDefaults.length;
      for (const field of withDefaults) {
        const raw = { ...required[contract.name], [field]: null };
        expect({ flow: contract.name, fields: refusedFields(() => validateParams(contract, raw)) }).toEqual({
          flow: contract.name,
          fields: { [field]: ['must not be null: leave it out to use its default'] },
        });
      }
    }
    expect(checked).toBeGreaterThan(flows.length);
  });
  it('accepts null where the contract declares it @Nullable, and refuses it in nested DTOs', () => {
    expect(validateParams(NULLABLE_FLOW, { deadline: null })).toEqual({
      retries: 3,
      deadline: null,
      target: { site: 'main' },
    });
    expect(refusedFields(() => validateParams(NULLABLE_FLOW, { retries: null }))).toEqual({
      retries: ['must not be null: leave it out to use its default'],
    });
    expect(Object.keys(refusedFields(() => validateParams(NULLABLE_FLOW, { target: { site: null } })))).toEqual([
      'target.site',
    ]);
  });

  it('refuses nesting deeper than 32 levels with a 400 naming where, instead of overflowing the stack', () => {
    const arrays = nested(5_000, 1, (inner) => [inner]);
    const objects = nested(5_000, 1, (inner) => ({ a: inner }));
    expect(refusedFields(() => validateParams(NULLABLE_FLOW, { target: arrays }))).toEqual({
      [`target${'[0]'.repeat(31)}`]: ['is nested deeper than 32 levels'],
    });
    const deepObject = refusedFields(() => validateParams(HEALTH_CHECK_FLOW, { detailed: objects }));
    expect(Object.keys(deepObject)).toEqual([`detailed${'.a'.repeat(31)}`]);
  });

  it('refuses the keys __proto__, constructor and prototype wherever they are, instead of crashing or dropping them', () => {
    const withProto = JSON.parse('{"languages": {"__proto__": {"x": 1}}}') as unknown;
    expect(
      refusedFields(() => validateParams(PROCESS_ARTIST_FLOW, { qid: 'Q296', auto_publish: { constructor: 'x' } })),
    ).toEqual({ 'auto_publish.constructor': ['"constructor" is a reserved name, not accepted as a key'] });
    expect(
      refusedFields(() =>
        validateParams(PROCESS_ARTIST_FLOW, { qid: 'Q296', languages: { constructor: { prototype: {} } } }),
      ),
    ).toEqual({ 'languages.constructor': ['"constructor" is a reserved name, not accepted as a key'] });
    expect(Object.keys(refusedFields(() => validateParams(PROCESS_ARTIST_FLOW, withProto)))).toEqual([
      'languages.__proto__',
    ]);
    expect(refusedFields(() => validateParams(HEALTH_CHECK_FLOW, { prototype: 1 }))).toEqual({
      prototype: ['"prototype" is a reserved name, not accepted as a key'],
    });
  });

  it('refuses languages listed twice, and control characters in a batch name', () => {
    expect(refusedFields(() => validateParams(PROCESS_ARTIST_FLOW, { qid: 'Q296', languages: ['fr', 'fr'] }))).toEqual({
      languages: ['languages must not list the same item twice'],
    });
    for (const batch_name of ['a\r\nX-Injected: 1', 'nul\u0000', 'tab\there', 'esc\u001b[31m', 'c1\u0085']) {
      expect(
        Object.keys(refusedFields(() => validateParams(PROCESS_BATCH_FLOW, { qids: ['Q1'], batch_name }))),
      ).toEqual(['batch_name']);
    }
    expect(validateParams(PROCESS_BATCH_FLOW, { qids: ['Q1'], batch_name: 'Impressionnistes — été 🎨' })).toMatchObject(
      {
        batch_name: 'Impressionnistes — été 🎨',
      },
    );
  });
});
