import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '@relais/persistence';
import type { ScheduleSink } from '../../schedule/price-schedule.parser';
import type { ParsedElement, ParsedLot, ParsedSchedule, ScheduleType } from '../../schedule/price-schedule.types';
import type { SectionElement } from '../../schedule/sheet.parser';
import { DpgfImportFailureEntity } from '../entities/dpgf-import-failure.entity';
import { DpgfImportEntity } from '../entities/dpgf-import.entity';
import { DpgfEntity } from '../entities/dpgf.entity';
import { ParseAheadSink } from './parse-ahead-sink';
import { isMysql, serialisedOnSqlite } from './serial-writes';

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
   * Imports a schedule in one transaction as `read` parses it: `read` hands elements to the sink in batches of
   * `chunkSize` (one multi-row INSERT each) and returns the schedule once read. The previous import of the same
   * path, and any import of the same content (same SHA-256) under another path, are deleted first (their rows
   * cascade), so re-importing replaces instead of duplicating. If `read` or a write throws, nothing of this file
   * is written and the previous import stays. `read` starts at once, even while another import holds SQLite's
   * write turn: what it reads meanwhile waits in a ParseAheadSink (bounded).
   */
  importStreamed(
    file: ImportedFile,
    type: ScheduleType,
    read: (sink: ScheduleSink) => Promise<ParsedSchedule>,
    chunkSize: number,
  ): Promise<ImportCounts> {
    const batchSize = Math.min(Math.max(chunkSize, 1), MAX_CHUNK_ROWS);
    // Reading starts now, before this import's turn to write (see ParseAheadSink); its outcome is awaited below.
    const sink = new ParseAheadSink(batchSize, Math.max(MAX_ELEMENTS_READ_AHEAD, batchSize));
    const reading = Promise.resolve().then(() => read(sink));
    reading.catch(() => undefined);
    return serialisedOnSqlite(this.dataSource, () =>
      this.inImportTransaction(async (manager) => {
        const startedAt = Date.now();
        const key = sourceKey(file.source, file.path);
        // Raw SQL for the import's own rows, as for the schedule's: the ORM's query building cost ~2 ms a file, a
        // third of what writing a 2 000-element file's rows costs on SQLite.
        const previous = await manager.query<{ id: number }[]>(
          'SELECT id_import AS id FROM dpgf_imports WHERE source_key = ? OR sha256 = ?',
          [key, file.sha256],
        );
        if (previous.length > 0)
          await manager.query(
            `DELETE FROM dpgf_imports WHERE id_import IN (${previous.map(() => '?').join(', ')})`,
            previous.map((row) => row.id),
          );
        await manager.query('DELETE FROM dpgf_import_failures WHERE source_key = ?', [key]);
        const importId = insertedId(
          await manager.query(
            'INSERT INTO dpgf_imports (source, source_key, source_id, source_path, sha256, size_bytes, type_document, sheets, lots, sections, elements, mismatches, state, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?)',
            [
              file.source,
              key,
              file.sourceId,
              file.path,
              file.sha256,
              file.sizeBytes,
              type,
              '[]',
              'imported',
              startedAt,
              startedAt,
            ],
          ),
        );
        const writer = new ScheduleWriter(manager, importId, file, batchSize);
        let schedule: ParsedSchedule;
        try {
          await sink.attach(writer);
          schedule = await reading;
        } catch (error) {
          await stopReading(sink, reading, error);
          await writer.settled(); // the INSERT in flight ends before the transaction rolls back
          throw error;
        }
        const counts = await writer.finish(schedule);
        await manager.query(
          'UPDATE dpgf_imports SET sheets = ?, lots = ?, sections = ?, elements = ?, mismatches = ?, ended_at = ? WHERE id_import = ?',
          [
            JSON.stringify(schedule.lots.map((lot) => lot.sheet)),
            counts.lots,
            counts.sections,
            counts.elements,
            counts.mismatches,
            Date.now(),
            importId,
          ],
        );
        return { importId, client: schedule.client, ...counts, replaced: previous.length };
      }),
    ).catch(async (error: unknown) => {
      // The transaction failed before the writer took the reader's calls (its BEGIN, the previous import's
      // deletion…): the reader is stopped too, not left waiting for room with its thread.
      await stopReading(sink, reading, error);
      throw error;
    });
  }

  /**
   * A transaction for one import. On MySQL/MariaDB, READ COMMITTED: under InnoDB's default REPEATABLE READ the
   * deletions by key (the previous import, the last failure) lock the gaps around keys that are not there, and
   * imports running at once (parallel_import) deadlocked on each other's inserts (found by bench:dpgf, 4 files at
   * once). An import reads nothing it relies on being repeatable. SQLite has one writer at a time anyway.
   */
  private inImportTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return isMysql(this.dataSource)
      ? this.dataSource.transaction('READ COMMITTED', work)
      : this.dataSource.transaction(work);
  }

  /** Imports an already parsed schedule (its lots holding their elements): see importStreamed. */
  replaceImport(file: ImportedFile, schedule: ParsedSchedule, chunkSize: number): Promise<ImportCounts> {
    return this.importStreamed(
      file,
      schedule.type,
      async (sink) => {
        for (const lot of schedule.lots) {
          const rows = lot.sections.flatMap((section, index) =>
            section.elements.map((element): SectionElement => [index, element]),
          );
          for (let start = 0; start < rows.length; start += sink.batchSize)
            await sink.write(schedule, lot, rows.slice(start, start + sink.batchSize));
          if (rows.length > 0) await sink.endLot(schedule, lot);
        }
        return schedule;
      },
      chunkSize,
    );
  }
}

/** Elements written between two turns given to the event loop (see ScheduleWriter.write). */
const YIELD_EVERY_ELEMENTS = 1000;

/** Elements a file's import may read ahead of its turn to write (a few MB; see ParseAheadSink). */
const MAX_ELEMENTS_READ_AHEAD = 5000;

/** Makes the reader's next call fail with `error` and waits until it has stopped. */
async function stopReading(sink: ParseAheadSink, reading: Promise<unknown>, error: unknown): Promise<void> {
  sink.fail(error);
  await reading.catch(() => undefined);
}

/** A lot being written: its row's id and the ids of its sections written so far, by index. */
interface WrittenLot {
  parsed: ParsedLot;
  id: number;
  sectionIds: number[];
}

/**
 * Writes a schedule's rows as the parser hands them on, inside the import's transaction: the dpgf row at the
 * first element (the client known by then), a lot's row at its first element, each section once before the
 * first element that needs its id (sections are few: one INSERT each, for their ids), elements in multi-row
 * INSERTs. A lot without elements is never written.
 *
 * A batch's INSERT is left running while the parser reads the next batch (awaited before the next write, the
 * lot's end or the finish): on MySQL the server inserts while Node parses. Every INSERT runs on the
 * transaction's connection, so a failed one still fails the import and rolls everything back.
 */
class ScheduleWriter implements ScheduleSink {
  private dpgf: { id: number; client: string; project: string; date: string | null } | null = null;
  private lot: WrittenLot | null = null;
  private readonly counts = { lots: 0, sections: 0, elements: 0, mismatches: 0 };
  /** Elements written since the event loop last had a turn: a turn before the first batch too, between two files. */
  private sinceYield = YIELD_EVERY_ELEMENTS;
  /** The last batch's INSERT, still running while the next batch is parsed. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly manager: EntityManager,
    private readonly importId: number,
    private readonly file: ImportedFile,
    readonly batchSize: number,
  ) {}

  async write(schedule: ParsedSchedule, lot: ParsedLot, batch: SectionElement[]): Promise<void> {
    await this.inFlight;
    // SQLite writes synchronously: without a turn of the event loop now and then, a parsing thread's messages (its
    // next batches, its "done" that frees it for the next file) waited behind whole files of INSERTs.
    if (this.sinceYield >= YIELD_EVERY_ELEMENTS) {
      this.sinceYield = 0;
      await yieldToEventLoop();
    }
    this.sinceYield += batch.length;
    const written = await this.lotOf(schedule, lot);
    await this.writeSections(written);
    const inserting = insertElements(
      this.manager,
      batch.map(([section, element]): [number, ParsedElement] => [written.sectionIds[section], element]),
    );
    // Its failure surfaces at the next await of inFlight; caught here so that it is not reported as unhandled.
    inserting.catch(() => undefined);
    this.inFlight = inserting;
    this.counts.elements += batch.length;
    for (const [, element] of batch) if (element.mismatch) this.counts.mismatches += 1;
  }

  async endLot(schedule: ParsedSchedule, lot: ParsedLot): Promise<void> {
    await this.inFlight;
    // The sections after the last element (titles with nothing under them) are kept with the lot.
    await this.writeSections(await this.lotOf(schedule, lot));
    this.lot = null;
  }

  /** The counts once every lot is written; the client, project or date a later sheet named are set. */
  async finish(schedule: ParsedSchedule): Promise<Omit<ImportCounts, 'importId' | 'client' | 'replaced'>> {
    await this.inFlight;
    const dpgf = this.dpgf;
    if (dpgf && (dpgf.client !== schedule.client || dpgf.project !== schedule.project || dpgf.date !== schedule.date))
      await this.manager.getRepository(DpgfEntity).update(dpgf.id, {
        clientId: await clientIdOf(this.manager, schedule.client),
        project: schedule.project.slice(0, 500),
        date: schedule.date,
      });
    return { ...this.counts };
  }

  /** Waits for the INSERT in flight, whatever its outcome (the parse failed: the transaction rolls back next). */
  async settled(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  private async lotOf(schedule: ParsedSchedule, lot: ParsedLot): Promise<WrittenLot> {
    if (this.lot?.parsed === lot) return this.lot;
    const dpgfId = await this.dpgfOf(schedule);
    // Raw SQL, as for sections: the ORM's insert read the new row back, a query more per lot.
    const inserted: unknown = await this.manager.query(
      'INSERT INTO lots (id_dpgf, numero_lot, nom_lot, feuille) VALUES (?, ?, ?, ?)',
      [dpgfId, lot.number?.slice(0, 20) ?? null, lot.name.slice(0, 500), lot.sheet.slice(0, 255)],
    );
    this.lot = { parsed: lot, id: insertedId(inserted), sectionIds: [] };
    this.counts.lots += 1;
    return this.lot;
  }

  private async dpgfOf(schedule: ParsedSchedule): Promise<number> {
    if (this.dpgf) return this.dpgf.id;
    // Raw SQL, as for sections: the ORM's insert read the new row back, a query more per file.
    const inserted: unknown = await this.manager.query(
      'INSERT INTO dpgf (id_client, id_import, nom_projet, date_dpgf, statut_offre, fichier_source, type_document) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        await clientIdOf(this.manager, schedule.client),
        this.importId,
        schedule.project.slice(0, 500),
        schedule.date,
        'en_cours',
        this.file.path.slice(0, 1000),
        schedule.type,
      ],
    );
    const id = insertedId(inserted);
    this.dpgf = { id, client: schedule.client, project: schedule.project, date: schedule.date };
    return id;
  }

  /** The lot's sections not written yet, in order (a parent always comes before its children). */
  private async writeSections(lot: WrittenLot): Promise<void> {
    const sections = lot.parsed.sections;
    for (let index = lot.sectionIds.length; index < sections.length; index += 1) {
      const section = sections[index];
      // Raw SQL: the ORM's insert cost a millisecond a section, more than the lot's elements together.
      const result: unknown = await this.manager.query(
        'INSERT INTO sections (id_lot, section_parent_id, numero_section, titre_section, niveau_hierarchique) VALUES (?, ?, ?, ?, ?)',
        [
          lot.id,
          section.parent === null ? null : lot.sectionIds[section.parent],
          section.number?.slice(0, 30) ?? null,
          section.title,
          section.level,
        ],
      );
      lot.sectionIds.push(insertedId(result));
      this.counts.sections += 1;
    }
  }
}

/** The unique key of a source's path (paths can pass the length MySQL indexes). */
export function sourceKey(source: string, path: string): string {
  return createHash('sha256').update(`${source}\u0000${path}`).digest('hex');
}

async function clientIdOf(manager: EntityManager, name: string): Promise<number> {
  const trimmed = name.trim().slice(0, 255);
  const existing = await clientNamed(manager, trimmed);
  if (existing !== undefined) return existing;
  try {
    return insertedId(await manager.query('INSERT INTO clients (nom_client) VALUES (?)', [trimmed]));
  } catch (error) {
    // Another import created the same client meanwhile (MySQL: a statement error leaves the transaction open).
    if (!isUniqueViolation(error)) throw error;
    const created = await clientNamed(manager, trimmed);
    if (created === undefined) throw error;
    return created;
  }
}

async function clientNamed(manager: EntityManager, name: string): Promise<number | undefined> {
  const rows = await manager.query<{ id: number | string }[]>(
    'SELECT id_client AS id FROM clients WHERE nom_client = ?',
    [name],
  );
  return rows.length === 0 ? undefined : Number(rows[0].id);
}

/** The id a raw INSERT generated: better-sqlite3 answers the row id, mysql2 a result header holding it. */
function insertedId(result: unknown): number {
  if (typeof result === 'number' || typeof result === 'bigint') return Number(result);
  const header = result as { insertId?: number };
  if (typeof header.insertId !== 'number') throw new Error('the database did not say which id the INSERT generated');
  return header.insertId;
}

/** One multi-row INSERT of elements (raw SQL: the ORM's per-row bookkeeping would dominate a 200 000-row import). */
export async function insertElements(manager: EntityManager, rows: [number, ParsedElement][]): Promise<void> {
  if (rows.length === 0) return;
  const parameters: unknown[] = [];
  for (const [sectionId, element] of rows)
    parameters.push(
      sectionId,
      element.article?.slice(0, 50) ?? null,
      element.designation,
      element.unit?.slice(0, 30) ?? null,
      element.quantity,
      element.unitPrice,
      element.total,
      element.mismatch ? 1 : 0,
      element.row,
    );
  await manager.query(insertElementsSql(rows.length), parameters);
}

/** The INSERT of that many element rows: built once per row count (a file's batches are all the same size but one). */
function insertElementsSql(rowCount: number): string {
  let sql = insertSqlByRowCount.get(rowCount);
  if (sql === undefined) {
    sql = `INSERT INTO elements_ouvrage (${ELEMENT_COLUMNS}) VALUES ${Array(rowCount).fill('(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)').join(', ')}`;
    if (insertSqlByRowCount.size >= 64) insertSqlByRowCount.clear();
    insertSqlByRowCount.set(rowCount, sql);
  }
  return sql;
}

const insertSqlByRowCount = new Map<number, string>();
