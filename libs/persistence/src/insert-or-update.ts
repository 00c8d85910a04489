import type { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUniqueViolation } from './unique-violation';

/**
 * Inserts `row` when no row has `key`, else applies `changes` to that row, and returns the row as stored. A row
 * inserted by another writer between the check and the insert gets `changes` too (the unique violation is
 * caught), so two runs saving the same key at once both succeed.
 */
export async function insertOrUpdate<T extends ObjectLiteral>(
  repository: Repository<T>,
  key: FindOptionsWhere<T>,
  row: QueryDeepPartialEntity<T>,
  changes: QueryDeepPartialEntity<T>,
): Promise<T> {
  if (!(await repository.existsBy(key))) {
    try {
      await repository.insert(row);
      return await repository.findOneByOrFail(key);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await repository.update(key, changes);
  return repository.findOneByOrFail(key);
}
