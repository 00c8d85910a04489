import { Injectable } from '@nestjs/common';
import { Brackets, In, type DataSource, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { InjectDomainDataSource } from '@relais/persistence';
import { ClientEntity } from '../persistence/entities/client.entity';
import { DpgfImportFailureEntity } from '../persistence/entities/dpgf-import-failure.entity';
import { DpgfImportEntity } from '../persistence/entities/dpgf-import.entity';
import { DpgfEntity } from '../persistence/entities/dpgf.entity';
import { ElementOuvrageEntity } from '../persistence/entities/element-ouvrage.entity';
import { LotEntity } from '../persistence/entities/lot.entity';
import { SectionEntity } from '../persistence/entities/section.entity';
import {
  importFailureView,
  importView,
  type DpgfImportedScheduleResponse,
  type DpgfImportFailurePageResponse,
  type DpgfImportPageResponse,
} from './import-history.views';
import type { DpgfListQuery, ElementsQuery, ImportsQuery, PageQuery } from './pricing-browse.query';

/** One page of a list, with the total the filters match. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A section with its sub-sections and the elements of the page asked for. */
export interface SectionNode {
  id: number;
  number: string | null;
  title: string;
  level: number;
  elements: ElementOuvrageEntity[];
  children: SectionNode[];
}

/** Reads what was imported, for the gateway's browse routes (the pricing database, read only). */
@Injectable()
export class PricingBrowseRepository {
  constructor(@InjectDomainDataSource('dpgf') private readonly dataSource: DataSource) {}

  clients(query: PageQuery): Promise<Page<ClientEntity>> {
    const builder = this.dataSource.getRepository(ClientEntity).createQueryBuilder('c').orderBy('c.name', 'ASC');
    if (query.search) builder.where("LOWER(c.name) LIKE :search ESCAPE '!'", { search: like(query.search) });
    return page(builder, query);
  }

  dpgf(query: DpgfListQuery): Promise<Page<DpgfEntity>> {
    const builder = this.dataSource.getRepository(DpgfEntity).createQueryBuilder('d').orderBy('d.id', 'DESC');
    builder.where('1 = 1');
    if (query.client_id) builder.andWhere('d.clientId = :client', { client: query.client_id });
    if (query.type) builder.andWhere('d.type = :type', { type: query.type });
    if (query.search)
      builder.andWhere(
        new Brackets((where) =>
          where
            .where("LOWER(d.project) LIKE :search ESCAPE '!'", { search: like(query.search ?? '') })
            .orWhere("LOWER(d.sourceFile) LIKE :search ESCAPE '!'"),
        ),
      );
    return page(builder, query);
  }

  /**
   * Imported files, newest first (`search` matches the path; `source_deleted` keeps those whose file is gone from
   * its source, or the others), each with the schedule it became.
   */
  async imports(query: ImportsQuery): Promise<DpgfImportPageResponse> {
    const builder = this.dataSource.getRepository(DpgfImportEntity).createQueryBuilder('i').orderBy('i.id', 'DESC');
    builder.where('1 = 1');
    if (query.search) builder.andWhere("LOWER(i.sourcePath) LIKE :search ESCAPE '!'", { search: like(query.search) });
    if (query.source_deleted !== undefined)
      builder.andWhere(query.source_deleted ? 'i.sourceDeletedAt IS NOT NULL' : 'i.sourceDeletedAt IS NULL');
    const rows = await page(builder, query);
    const schedules = new Map<number, DpgfImportedScheduleResponse>();
    const ids = rows.items.map((row) => row.id);
    const dpgf = ids.length === 0 ? [] : await this.dataSource.getRepository(DpgfEntity).findBy({ importId: In(ids) });
    const clientIds = [...new Set(dpgf.map((schedule) => schedule.clientId))];
    const clients = new Map(
      (clientIds.length === 0
        ? []
        : await this.dataSource.getRepository(ClientEntity).findBy({ id: In(clientIds) })
      ).map((client) => [client.id, client.name]),
    );
    for (const schedule of dpgf) {
      schedules.set(schedule.importId, {
        id: schedule.id,
        project: schedule.project,
        client_id: schedule.clientId,
        client: clients.get(schedule.clientId) ?? '',
      });
    }
    return { ...rows, items: rows.items.map((row) => importView(row, schedules.get(row.id) ?? null)) };
  }

  /** Files whose latest import failed, newest first (`search` matches the path), with the importer's message. */
  async importFailures(query: PageQuery): Promise<DpgfImportFailurePageResponse> {
    const builder = this.dataSource
      .getRepository(DpgfImportFailureEntity)
      .createQueryBuilder('f')
      .orderBy('f.failedAt', 'DESC');
    if (query.search) builder.where("LOWER(f.sourcePath) LIKE :search ESCAPE '!'", { search: like(query.search) });
    const rows = await page(builder, query);
    return { ...rows, items: rows.items.map(importFailureView) };
  }

  lotsOf(dpgfId: number): Promise<LotEntity[]> {
    return this.dataSource.getRepository(LotEntity).find({ where: { dpgfId }, order: { id: 'ASC' } });
  }

  async lot(lotId: number): Promise<LotEntity | null> {
    return this.dataSource.getRepository(LotEntity).findOneBy({ id: lotId });
  }

  /** The lot's section tree; elements filtered and paged across the lot (in sheet order), placed in their sections. */
  async sectionTree(
    lotId: number,
    query: ElementsQuery,
  ): Promise<{ sections: SectionNode[]; elements: Omit<Page<never>, 'items'> }> {
    const sections = await this.dataSource
      .getRepository(SectionEntity)
      .find({ where: { lotId }, order: { id: 'ASC' } });
    const builder = this.dataSource
      .getRepository(ElementOuvrageEntity)
      .createQueryBuilder('e')
      .innerJoin(SectionEntity, 's', 's.id_section = e.id_section')
      .where('s.id_lot = :lotId', { lotId })
      .orderBy('e.id', 'ASC');
    if (query.search) builder.andWhere("LOWER(e.designation) LIKE :search ESCAPE '!'", { search: like(query.search) });
    if (query.mismatch !== undefined) builder.andWhere('e.mismatch = :mismatch', { mismatch: query.mismatch ? 1 : 0 });
    const elements = await page(builder, query);
    const nodes = new Map<number, SectionNode>(
      sections.map((section) => [
        section.id,
        {
          id: section.id,
          number: section.number,
          title: section.title,
          level: section.level,
          elements: [],
          children: [],
        },
      ]),
    );
    for (const element of elements.items) nodes.get(element.sectionId)?.elements.push(element);
    const roots: SectionNode[] = [];
    for (const section of sections) {
      const node = nodes.get(section.id) as SectionNode;
      const parent = section.parentId === null ? undefined : nodes.get(section.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return { sections: roots, elements: { total: elements.total, limit: elements.limit, offset: elements.offset } };
  }
}

/** A LIKE pattern matching `search` literally: `!` escapes the wildcards (a backslash reads differently in MySQL). */
function like(search: string): string {
  return `%${search.toLowerCase().replace(/[!%_]/g, (character) => `!${character}`)}%`;
}

async function page<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, query: PageQuery): Promise<Page<T>> {
  const [items, total] = await builder.skip(query.offset).take(query.limit).getManyAndCount();
  return { items, total, limit: query.limit, offset: query.offset };
}
