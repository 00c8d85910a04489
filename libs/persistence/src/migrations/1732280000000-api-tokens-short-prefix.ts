import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token prefixes shown in token lists are cut to `relais_` + 4 characters (24 bits, as GitHub's `ghp_` + 4):
 * enough to tell tokens apart, too little to help a guess. They were `relais_` + 6; a RELAIS_ADMIN_TOKEN, which a
 * person chose, had its first 13 characters stored in clear: those prefixes are emptied.
 */
export class ApiTokensShortPrefix1732280000000 implements MigrationInterface {
  name = 'ApiTokensShortPrefix1732280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "UPDATE api_tokens SET prefix = CASE WHEN SUBSTR(prefix, 1, 7) = 'relais_' THEN SUBSTR(prefix, 1, 11) ELSE '' END",
    );
  }

  async down(): Promise<void> {
    // The characters removed are gone: nothing to restore.
  }
}
