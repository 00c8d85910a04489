import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '@relais/persistence';
import type { ParsedElement, ParsedLot, ParsedSchedule } from '../../schedule/price-schedule.types';
import { ClientEntity } from '../entities/client.entity';
import { DpgfImportFailureEntity } from '../entities/dpgf-import-failure.entity';
import { DpgfImportEntity } from '../entities/dpgf-import.entity';
import { DpgfEntity } from '../entities/dpgf.entity';
import { LotEntity } from '../entities/lot.entity';
import { SectionEntity } from '../entities/section.entity';
import { serialisedOnSqlite } from './serial-writes';

/** The file an import comes from, as its source listed it and as it was downloaded. */
export interface ImportedFile {
  source: string;
  sourceId: string;
  /** The path under the source's root. */
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** What one import wrote. */
export interface ImportCounts {
  importId: number;
  client: string;
  lots: number;
  sections: number;
  elements: number;
  mismatches: number;
  /** Imports (older versions of the file, or the same content under another path) this one replaced. */
  replaced: number;
}

/** The most rows one INSERT carries: SQLite allows 32 766 parameters; 10 columns × 2 000 stays well below. */
export const MAX_CHUNK_ROWS = 2000;

const ELEMENT_COLUMNS =
  'id_section, numero_article, designation_exacte, unite, quantite, prix_unitaire_ht, prix_total_ht, offre_acceptee, ecart_calcul, ligne_source';

/** Writes parsed schedules into the pricing tables, one transaction per file. */
@Injectable()
export class PricingImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The import of this source's path, if it was imported. */
  findImport(source: string, path: string): Promise<DpgfImportEntity | null> {
    return this.dataSource.getRepository(DpgfImportEntity).findOneBy({ sourceKey: sourceKey(source, path) });
  }

  /** The last failed import of this source's path, if its latest attempt failed. */
  findFailure(source: string, path: string): Promise<DpgfImportFailureEntity | null> {
    return this.dataSource.getRepository(DpgfImportFailureEntity).findOneBy({ sourceKey: sourceKey(source, path) });
  }

  /** Records that importing this content of the path failed (the previous import, if any, stays). */
  recordFailure(file: ImportedFile, message: string): Promise<void> {
    return serialisedOnSqlite(this.dataSource, async () => {
      const failures = this.dataSource.getRepository(DpgfImportFailureEntity);
      const key = sourceKey(file.source, file.path);
      await failures.delete({ sourceKey: key });
      await failures.insert({
        sourceKey: key,
        sourcePath: file.path,
        sha256: file.sha256,
        message,
        failedAt: Date.now(),
      });
    });
  }

  /**
   * Imports a parsed schedule in one transaction: the previous import of the same path, and any import of the
   * same content (same SHA-256) under another path, are deleted first (their rows cascade), so re-importing
   * replaces instead of duplicating. On any error nothing of this file is written.
   */
  replaceImport(file: ImportedFile, schedule: ParsedSchedule, chunkSize: number): Promise<ImportCounts> {
    return serialisedOnSqlite(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        const startedAt = Date.now();
        const key = sourceKey(file.source, file.path);
        const previous = await manager
          .getRepository(DpgfImportEntity)
          .find({ where: [{ sourceKey: key }, { sha256: file.sha256 }], select: { id: true } });
        if (previous.length > 0) await manager.getRepository(DpgfImportEntity).delete(previous.map((row) => row.id));
        await manager.getRepository(DpgfImportFailureEntity).delete({ sourceKey: key });
        const counts = countsOf(schedule);
        const importRow = await manager.getRepository(DpgfImportEntity).insert({
          source: file.source,
          sourceKey: key,
          sourceId: file.sourceId,
          sourcePath: file.path,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          type: schedule.type,
          sheets: schedule.lots.map((lot) => lot.sheet),
          ...counts,
          state: 'imported',
          startedAt,
          endedAt: startedAt,
        });
        const importId = Number(importRow.identifiers[0].id);
        const clientId = await clientIdOf(manager, schedule.client);
        const dpgf = await manager.getRepository(DpgfEntity).insert({
          clientId,
          importId,
          project: schedule.project.slice(0, 500),
          date: schedule.date,
          status: 'en_cours',
          sourceFile: file.path.slice(0, 1000),
          type: schedule.type,
        });
        const dpgfId = Number(dpgf.identifiers[0].id);
        for (const lot of schedule.lots) await insertLot(manager, dpgfId, lot, Math.min(chunkSize, MAX_CHUNK_ROWS));
        await manager.getRepository(DpgfImportEntity).update(importId, { endedAt: Date.now() });
        return { importId, client: schedule.client, ...counts, replaced: previous.length };
      }),
    );
  }
}

/** The unique key of a source's path (paths can pass the length MySQL indexes). */
export function sourceKey(source: string, path: string): string {
  return createHash('sha256').update(`${source}\u0000${path}`).digest('hex');
}

function countsOf(schedule: ParsedSchedule): Pick<ImportCounts, 'lots' | 'sections' | 'elements' | 'mismatches'> {
  const sections = schedule.lots.flatMap((lot) => lot.sections);
  const elements = sections.flatMap((section) => section.elements);
  return {
    lots: schedule.lots.length,
    sections: sections.length,
    elements: elements.length,
    mismatches: elements.filter((element) => element.mismatch).length,
  };
}

async function clientIdOf(manager: EntityManager, name: string): Promise<number> {
  const clients = manager.getRepository(ClientEntity);
  const trimmed = name.trim().slice(0, 255);
  const existing = await clients.findOneBy({ name: trimmed });
  if (existing) return existing.id;
  try {
    const inserted = await clients.insert({ name: trimmed });
    return Number(inserted.identifiers[0].id);
  } catch (error) {
    // Another import created the same client meanwhile (MySQL: a statement error leaves the transaction open).
    if (!isUniqueViolation(error)) throw error;
    return (await clients.findOneByOrFail({ name: trimmed })).id;
  }
}

/** A lot, its sections one by one (each needs its parent's id), then its elements in multi-row INSERTs. */
async function insertLot(manager: EntityManager, dpgfId: number, lot: ParsedLot, chunkSize: number): Promise<void> {
  const inserted = await manager.getRepository(LotEntity).insert({
    dpgfId,
    number: lot.number?.slice(0, 20) ?? null,
    name: lot.name.slice(0, 500),
    sheet: lot.sheet.slice(0, 255),
  });
  const lotId = Number(inserted.identifiers[0].id);
  const sectionIds: number[] = [];
  const rows: [number, ParsedElement][] = [];
  for (const section of lot.sections) {
    const result = await manager.getRepository(SectionEntity).insert({
      lotId,
      parentId: section.parent === null ? null : sectionIds[section.parent],
      number: section.number?.slice(0, 30) ?? null,
      title: section.title,
      level: section.level,
    });
    const sectionId = Number(result.identifiers[0].id);
    sectionIds.push(sectionId);
    for (const element of section.elements) rows.push([sectionId, element]);
  }
  for (let start = 0; start < rows.length; start += chunkSize)
    await insertElements(manager, rows.slice(start, start + chunkSize));
}

/** One multi-row INSERT of elements (raw SQL: the ORM's per-row bookkeeping would dominate a 200 000-row import). */
export async function insertElements(manager: EntityManager, rows: [number, ParsedElement][]): Promise<void> {
  if (rows.length === 0) return;
  const placeholders = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)').join(', ');
  const parameters = rows.flatMap(([sectionId, element]) => [
    sectionId,
    element.article?.slice(0, 50) ?? null,
    element.designation,
    element.unit?.slice(0, 30) ?? null,
    element.quantity,
    element.unitPrice,
    element.total,
    element.mismatch ? 1 : 0,
    element.row,
  ]);
  await manager.query(`INSERT INTO elements_ouvrage (${ELEMENT_COLUMNS}) VALUES ${placeholders}`, parameters);
}
