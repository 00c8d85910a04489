import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** api_tokens: hashed API tokens with their role (driver-neutral schema API, like the platform tables). */
export class ApiTokens1732200000000 implements MigrationInterface {
  name = 'ApiTokens1732200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'prefix', type: 'varchar', length: '20' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_used_at', type: 'bigint', isNullable: true },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'uq_api_tokens_token_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_api_tokens_role_revoked', columnNames: ['role', 'revoked_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_tokens', true);
  }
}
