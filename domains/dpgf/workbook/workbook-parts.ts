import { posix } from 'node:path';
import { SharedStrings } from './shared-strings';
import type { ZipArchive } from './zip-archive';
import { readXmlPart, type XmlTag } from './xml-part.reader';

/** workbook.xml, its relationships and styles.xml: small parts, read whole. */
const MAX_SMALL_PART_BYTES = 16 * 1024 * 1024;
/** The shared strings are held in memory for the sheets to point into; a bigger table is refused. */
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;

/** A sheet as workbook.xml lists it, with the zip entry of its XML. */
export interface SheetPart {
  name: string;
  hidden: boolean;
  entryName: string;
}

/** What reading any sheet needs: the shared strings, which cell styles are dates, the date system. */
export interface WorkbookParts {
  sheets: SheetPart[];
  sharedStrings: SharedStrings;
  /** By cell style index (`s="3"`): true when its number format shows a date. */
  dateStyles: boolean[];
  /** Serial dates count from 1904-01-01 (old Mac workbooks) instead of 1899-12-30. */
  date1904: boolean;
}

const OFFICE_DOCUMENT = /\/officeDocument$/;
const SHARED_STRINGS = /\/sharedStrings$/;
const STYLES = /\/styles$/;
/** Excel's built-in number formats that show a date (ids 14–22, 27–36, 45–47, 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** Reads the workbook's structure, its styles' date formats and its shared strings (in that order). */
export async function readWorkbookParts(archive: ZipArchive): Promise<WorkbookParts> {
  const rootRelations = await relationships(archive, '_rels/.rels', '');
  const workbookName = [...rootRelations.values()].find((relation) => OFFICE_DOCUMENT.test(relation.type))?.target;
  const workbookEntry = archive.entry(workbookName ?? 'xl/workbook.xml');
  if (!workbookEntry) throw new Error('no xl/workbook.xml: not a spreadsheet');
  const workbookFolder = posix.dirname(workbookEntry.fileName);
  const relations = await relationships(
    archive,
    posix.join(workbookFolder, '_rels', `${posix.basename(workbookEntry.fileName)}.rels`),
    workbookFolder,
  );
  const listed: { name: string; state: string; relation: string }[] = [];
  let date1904 = false;
  await readXmlPart(
    archive,
    workbookEntry,
    listener((tag) => {
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attribute('date1904') ?? '');
      if (tag.name === 'sheet')
        listed.push({
          name: tag.attribute('name') ?? '',
          state: tag.attribute('state') ?? 'visible',
          relation: tag.attribute('r:id') ?? '',
        });
    }),
    MAX_SMALL_PART_BYTES,
  );
  const sheets = listed.flatMap(({ name, state, relation }) => {
    const target = relations.get(relation)?.target;
    // A chartsheet or a dangling relation has no rows to read.
    return target && archive.entry(target) && target.includes('worksheet')
      ? [{ name, hidden: state !== 'visible', entryName: target }]
      : [];
  });
  const related = (type: RegExp): string | undefined =>
    [...relations.values()].find((relation) => type.test(relation.type))?.target;
  return {
    sheets,
    dateStyles: await dateStylesOf(archive, related(STYLES)),
    sharedStrings: await sharedStringsOf(archive, related(SHARED_STRINGS)),
    date1904,
  };
}

/** A part's relationships by id, with targets resolved to zip entry names. */
async function relationships(
  archive: ZipArchive,
  name: string,
  folder: string,
): Promise<Map<string, { type: string; target: string }>> {
  const found = new Map<string, { type: string; target: string }>();
  const entry = archive.entry(name);
  if (!entry) return found;
  await readXmlPart(
    archive,
    entry,
    listener((tag) => {
      if (tag.name !== 'Relationship' || tag.attribute('TargetMode') === 'External') return;
      const [id, target] = [tag.attribute('Id'), tag.attribute('Target')];
      if (id === undefined || target === undefined) return;
      found.set(id, {
        type: tag.attribute('Type') ?? '',
        target: target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(folder, target)),
      });
    }),
    MAX_SMALL_PART_BYTES,
  );
  return found;
}

async function dateStylesOf(archive: ZipArchive, name: string | undefined): Promise<boolean[]> {
  const entry = name === undefined ? undefined : archive.entry(name);
  if (!entry) return [];
  const customDates = new Set<number>();
  const styles: boolean[] = [];
  let inCellStyles = false;
  await readXmlPart(
    archive,
    entry,
    {
      open: (tag) => {
        if (tag.name === 'numFmt' && isDateFormat(tag.attribute('formatCode') ?? ''))
          customDates.add(Number(tag.attribute('numFmtId')));
        else if (tag.name === 'cellXfs') inCellStyles = true;
        else if (tag.name === 'xf' && inCellStyles) {
          const format = Number(tag.attribute('numFmtId') ?? 0);
          styles.push(BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format));
        }
      },
      text: () => undefined,
      close: (tagName) => {
        if (tagName === 'cellXfs') inCellStyles = false;
      },
    },
    MAX_SMALL_PART_BYTES,
  );
  return styles;
}

/** A custom format shows a date when, outside quoted text, escapes and [colour] sections, it has d, y, or m without h/s. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dy]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare));
}

/** The shared strings table: each `<si>`'s text, its rich-text runs joined, phonetic guides (`<rPh>`) left out. */
async function sharedStringsOf(archive: ZipArchive, name: string | undefined): Promise<SharedStrings> {
  const entry = name === undefined ? undefined : archive.entry(name);
  const strings = new SharedStrings({ expectedBytes: entry?.uncompressedSize });
  if (!entry) return strings;
  let inText = false;
  let inPhonetic = false;
  await readXmlPart(
    archive,
    entry,
    {
      open: (tag) => {
        if (tag.name === 't') inText = !inPhonetic;
        else if (tag.name === 'si') strings.begin();
        else if (tag.name === 'rPh') inPhonetic = true;
      },
      text: (text) => {
        if (!inText) return;
        // Copied as UTF-8 straight into the table: only a text with entities is decoded first.
        if (text.hasEntities) strings.appendText(text.decoded());
        else strings.appendBytes(text.bytes, text.start, text.end);
      },
      close: (tagName) => {
        if (tagName === 't') inText = false;
        else if (tagName === 'rPh') inPhonetic = false;
        else if (tagName === 'si') strings.end();
      },
    },
    MAX_SHARED_STRINGS_BYTES,
  ).catch((error: unknown) => {
    strings.close();
    throw error;
  });
  return strings;
}

function listener(open: (tag: XmlTag) => void): Parameters<typeof readXmlPart>[2] {
  return { open, text: () => undefined, close: () => undefined };
}
