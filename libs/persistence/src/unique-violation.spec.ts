import { QueryFailedError, type QueryDeepPartialEntity } from 'typeorm';
import { aFlowRun } from '../../../test/support/flow-run.fixture';
import { useMigratedDatabase } from '../../../test/support/migrated-database';
import { FlowRunEntity } from './entities';
import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  const db = useMigratedDatabase();

  /** Inserts a run with `values` straight through TypeORM, as a repository would. */
  async function rawInsert(values: Partial<Record<keyof FlowRunEntity, unknown>> = {}): Promise<FlowRunEntity> {
    const run = { ...aFlowRun(), ...values } as FlowRunEntity;
    await db.dataSource
      .createQueryBuilder()
      .insert()
      .into(FlowRunEntity)
      .values(run as QueryDeepPartialEntity<FlowRunEntity>)
      .updateEntity(false)
      .execute();
    return run;
  }

  /** The error an insert of `values` fails with. */
  async function insertError(values: Partial<Record<keyof FlowRunEntity, unknown>>): Promise<unknown> {
    try {
      await rawInsert(values);
    } catch (error) {
      return error;
    }
    throw new Error('the insert was expected to fail');
  }

  it('recognises a duplicate primary key', async () => {
    const run = await rawInsert();
    const error = await insertError({ id: run.id });
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('recognises a duplicate value in a unique index', async () => {
    await rawInsert({ idempotencyKey: 'child:parent-1:0' });
    expect(isUniqueViolation(await insertError({ idempotencyKey: 'child:parent-1:0' }))).toBe(true);
  });

  it('is false for other constraint failures and for errors that are not from a query', async () => {
    const error = await insertError({ flowName: null });
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(new Error('ER_DUP_ENTRY'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
