import { Injectable } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryColumn, Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { epochMs } from '@relais/persistence';

/** A greeting, in Relais's own database. */
@Entity('greetings_said')
export class GreetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 100 }) text: string;
  @Column({ name: 'said_at', type: 'bigint', transformer: epochMs }) saidAt: number;
}

export class GreetingsSaid1900000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'greetings_said',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'text', type: 'varchar', length: '100' },
          { name: 'said_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('greetings_said');
  }
}

@Injectable()
export class GreetingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(greeting: GreetingEntity): Promise<void> {
    await this.dataSource.getRepository(GreetingEntity).insert(greeting);
  }

  all(): Promise<GreetingEntity[]> {
    return this.dataSource.getRepository(GreetingEntity).find({ order: { saidAt: 'ASC' } });
  }
}

/** An archived greeting, in the domain's own database. */
@Entity('greetings_archive')
export class ArchivedGreetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 100 }) text: string;
}

export class GreetingsArchive1900000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'greetings_archive',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'text', type: 'varchar', length: '100' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('greetings_archive');
  }
}

@Injectable()
export class GreetingArchiveRepository {
  constructor(readonly dataSource: DataSource) {}

  async archive(greeting: ArchivedGreetingEntity): Promise<void> {
    await this.dataSource.getRepository(ArchivedGreetingEntity).save(greeting);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(ArchivedGreetingEntity).count();
  }
}
