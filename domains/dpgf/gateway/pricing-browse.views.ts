import { ApiProperty } from '@nestjs/swagger';
import type { ClientEntity } from '../persistence/entities/client.entity';
import type { DpgfEntity } from '../persistence/entities/dpgf.entity';
import type { ElementOuvrageEntity } from '../persistence/entities/element-ouvrage.entity';
import type { LotEntity } from '../persistence/entities/lot.entity';
import { PageFields } from './import-history.views';
import type { Page, SectionNode } from './pricing-browse.repository';

/** A maître d'ouvrage. */
export class DpgfClientResponse {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'Habitat Sud' })
  name: string;
}

export class DpgfClientPageResponse extends PageFields {
  @ApiProperty({ type: [DpgfClientResponse], description: 'By name' })
  items: DpgfClientResponse[];
}

/** One imported price schedule of a client's project. */
export class DpgfScheduleResponse {
  @ApiProperty()
  id: number;

  @ApiProperty()
  client_id: number;

  @ApiProperty({ description: 'The import that wrote it (GET /api/dpgf/imports)' })
  import_id: number;

  @ApiProperty({ example: 'Résidence Les Pins' })
  project: string;

  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'The date the schedule bears' })
  date: string | null;

  @ApiProperty({ enum: ['en_cours', 'acceptee', 'refusee'], description: 'Where the offer stands' })
  status: string;

  @ApiProperty({ example: 'Habitat Sud/Les Pins/DPGF-lot 2.xlsx' })
  source_file: string;

  @ApiProperty({ enum: ['DPGF', 'BPU', 'DQE'] })
  type: string;
}

export class DpgfSchedulePageResponse extends PageFields {
  @ApiProperty({ type: [DpgfScheduleResponse], description: 'Newest first' })
  items: DpgfScheduleResponse[];
}

/** A lot of a schedule (usually one sheet of the workbook). */
export class DpgfLotResponse {
  @ApiProperty()
  id: number;

  @ApiProperty()
  dpgf_id: number;

  @ApiProperty({ type: String, nullable: true, example: '2' })
  number: string | null;

  @ApiProperty({ example: 'Gros œuvre' })
  name: string;

  @ApiProperty({ description: 'The sheet it was read from' })
  sheet: string;
}

/** A priced line of a section. */
export class DpgfElementResponse {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: String, nullable: true, example: '1.1.2' })
  article: string | null;

  @ApiProperty()
  designation: string;

  @ApiProperty({ type: String, nullable: true, example: 'm3' })
  unit: string | null;

  @ApiProperty({ type: Number, nullable: true })
  quantity: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Excluding tax' })
  unit_price: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Excluding tax' })
  total: number | null;

  @ApiProperty()
  accepted: boolean;

  @ApiProperty({ description: 'Quantity × unit price differs from the total' })
  mismatch: boolean;

  @ApiProperty({ description: 'The row of the sheet it was read from' })
  row: number;
}

/** A section of a lot with its sub-sections and the elements of the page asked for. */
export class DpgfSectionResponse {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: String, nullable: true, example: '1.2' })
  number: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: '1 for a top-level section' })
  level: number;

  @ApiProperty({ type: [DpgfElementResponse], description: "This section's elements on the page asked for" })
  elements: DpgfElementResponse[];

  @ApiProperty({ type: () => [DpgfSectionResponse] })
  children: DpgfSectionResponse[];
}

/** The paging of a lot's elements (the tree holds the elements themselves). */
export class DpgfElementPagingResponse extends PageFields {}

/** A lot, its section tree holding one page of its (filtered) elements, and the paging of those elements. */
export class DpgfLotSectionsResponse {
  @ApiProperty({ type: DpgfLotResponse })
  lot: DpgfLotResponse;

  @ApiProperty({ type: [DpgfSectionResponse], description: 'Top-level sections, in sheet order' })
  sections: DpgfSectionResponse[];

  @ApiProperty({ type: DpgfElementPagingResponse, description: 'How many elements match, and the page shown' })
  elements: DpgfElementPagingResponse;
}

export function clientView(row: ClientEntity): DpgfClientResponse {
  return { id: row.id, name: row.name };
}

export function scheduleView(row: DpgfEntity): DpgfScheduleResponse {
  return {
    id: row.id,
    client_id: row.clientId,
    import_id: row.importId,
    project: row.project,
    date: row.date,
    status: row.status,
    source_file: row.sourceFile,
    type: row.type,
  };
}

export function lotView(row: LotEntity): DpgfLotResponse {
  return { id: row.id, dpgf_id: row.dpgfId, number: row.number, name: row.name, sheet: row.sheet };
}

function elementView(row: ElementOuvrageEntity): DpgfElementResponse {
  return {
    id: row.id,
    article: row.article,
    designation: row.designation,
    unit: row.unit,
    quantity: row.quantity,
    unit_price: row.unitPrice,
    total: row.total,
    accepted: row.accepted,
    mismatch: row.mismatch,
    row: row.row,
  };
}

export function sectionView(node: SectionNode): DpgfSectionResponse {
  return {
    id: node.id,
    number: node.number,
    title: node.title,
    level: node.level,
    elements: node.elements.map(elementView),
    children: node.children.map(sectionView),
  };
}

/** A page of rows as its view. */
export function pageView<Row, View>(page: Page<Row>, view: (row: Row) => View): Page<View> {
  return { ...page, items: page.items.map(view) };
}
