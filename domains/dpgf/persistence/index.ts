import { ClientEntity } from './entities/client.entity';
import { DpgfGraphDeltaEntity } from './entities/dpgf-graph-delta.entity';
import { DpgfRowLabelEntity } from './entities/dpgf-row-label.entity';
import { DpgfImportFailureEntity } from './entities/dpgf-import-failure.entity';
import { DpgfImportEntity } from './entities/dpgf-import.entity';
import { DpgfEntity } from './entities/dpgf.entity';
import { ElementOuvrageEntity } from './entities/element-ouvrage.entity';
import { LotEntity } from './entities/lot.entity';
import { SectionEntity } from './entities/section.entity';
import { DpgfTables1733600000000 } from './migrations/1733600000000-dpgf-tables';
import { DpgfGraphDelta1733700000000 } from './migrations/1733700000000-dpgf-graph-delta';
import { DpgfRowLabels1733800000000 } from './migrations/1733800000000-dpgf-row-labels';
import { DpgfImportSources1733900000000 } from './migrations/1733900000000-dpgf-import-sources';
import { DpgfForeignKeyIndexes1734000000000 } from './migrations/1734000000000-dpgf-foreign-key-indexes';

export * from './repositories/graph-delta.repository';
export * from './repositories/import-sources.repository';
export * from './repositories/pricing-import.repository';
export * from './repositories/row-label.repository';
export {
  ClientEntity,
  DpgfGraphDeltaEntity,
  DpgfRowLabelEntity,
  DpgfImportEntity,
  DpgfImportFailureEntity,
  DpgfEntity,
  ElementOuvrageEntity,
  LotEntity,
  SectionEntity,
};

/** The pricing database's entities and migrations (the domain's own database). */
export const DPGF_ENTITIES = [
  ClientEntity,
  DpgfImportEntity,
  DpgfImportFailureEntity,
  DpgfGraphDeltaEntity,
  DpgfRowLabelEntity,
  DpgfEntity,
  LotEntity,
  SectionEntity,
  ElementOuvrageEntity,
];
export const DPGF_MIGRATIONS = [
  DpgfTables1733600000000,
  DpgfGraphDelta1733700000000,
  DpgfRowLabels1733800000000,
  DpgfImportSources1733900000000,
  DpgfForeignKeyIndexes1734000000000,
];
