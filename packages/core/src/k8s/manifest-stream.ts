/**
 * Manifests and exports read as a stream of documents, never as one string (a string over 512 MB
 * cannot exist in V8): YAML is cut at its document markers (`---`, `...` at the start of a line,
 * which end a document wherever they stand, even inside a block scalar or a quoted string) and a
 * large `kind: List` document at its items; a JSON List is read item by item. Each piece is parsed
 * as parseManifests parses a whole file, so objects, line numbers and messages are the same.
 */
import { UserError } from '../errors.js';
import { JsonShapeError, readTopLevel, type ByteSource } from '../json/top-level-reader.js';
import { utf8ChunkDecoder } from '../json/utf8-text.js';
import { binaryFile, checkObject, isListObject, objectsOfDocument, refuseListPage, parseManifests, parseManifestText, parseYamlValue, type K8sObject } from './objects.js';

/** Hands the input to `consume` as a ByteSource; may be called twice (a JSON file that is not one List is read again whole). */
export type ManifestReader = <T>(consume: (source: ByteSource) => T) => T;

export interface ManifestStreamOptions {
  /**
   * A YAML List document is parsed item by item once it is larger than this; smaller documents are
   * parsed whole, exactly as before (anchors may then cross items).
   */
  listSplitBytes?: number;
  /**
   * Hand a List's items to the caller as they are read, before the List's `kind` is known
   * (kubectl writes it after the items), so none is held. A document that turns out not to be a
   * List after some of its items were handed over throws NotAListError: the caller forgets what
   * it was given and reads again without this option.
   */
  itemsBeforeKind?: boolean;
}

/** A document whose items were handed over as a List's is not a List; read again without `itemsBeforeKind`. */
export class NotAListError extends Error {
  constructor(label: string) {
    super(`${label}: a document with items turned out not to be a List`);
  }
}

const LIST_SPLIT_BYTES = 8 * 1024 * 1024;

/** Every Kubernetes object in a file read chunk by chunk; the same objects and messages as parseManifests of its text. */
export function readManifestStream(read: ManifestReader, label: string, options: ManifestStreamOptions = {}): K8sObject[] {
  const objects: K8sObject[] = [];
  eachManifest(read, label, (object) => objects.push(object), { ...options, itemsBeforeKind: false });
  return objects;
}

/** readManifestStream handing each object to `onObject` as it is read, in file order, instead of collecting them. */
export function eachManifest(read: ManifestReader, label: string, onObject: (object: K8sObject) => void, options: ManifestStreamOptions = {}): void {
  const done = read((source) => readOnce(refusingBinary(source, label), label, onObject, options));
  if (!done) for (const object of read((source) => parseManifests(wholeText(source, label), label))) onObject(object);
}

/** False for JSON that is not a single List object (an array, one object, invalid JSON): it is read whole then. */
function readOnce(source: ByteSource, label: string, onObject: (object: K8sObject) => void, options: ManifestStreamOptions): boolean {
  try {
    const { first, replay } = firstSignificantByte(source);
    if (first === 0x7b /* { */) return readJsonList(replay, label, onObject, options.itemsBeforeKind ?? false);
    if (first === 0x5b /* [ */) return false;
    const documents = new YamlDocuments(label, options.listSplitBytes ?? LIST_SPLIT_BYTES, onObject, options.itemsBeforeKind ?? false);
    const lines = new LineReader(replay);
    for (let run = lines.next(documents.skipsIndented()); run; run = lines.next(documents.skipsIndented())) documents.add(run.text, run.count);
    documents.end();
    return true;
  } catch (error) {
    // A binary file is refused as such, whatever a document before its first NUL byte held.
    while (source());
    throw error;
  }
}

/** The source, refusing a file with a NUL byte (no YAML or JSON text has one) as soon as it is read. */
function refusingBinary(source: ByteSource, label: string): ByteSource {
  return () => {
    const chunk = source();
    if (chunk?.includes(0)) throw binaryFile(label);
    return chunk;
  };
}

const isSpaceByte = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0b || byte === 0x0c;

/** The first byte that is not a BOM or white space, and a source that gives the input again from its start. */
function firstSignificantByte(source: ByteSource): { first: number | undefined; replay: ByteSource } {
  const read: Uint8Array[] = [];
  let first: number | undefined;
  let offset = 0;
  for (let chunk = source(); chunk && first === undefined; chunk = first === undefined ? source() : undefined) {
    read.push(chunk);
    for (let i = 0; i < chunk.length && first === undefined; i++, offset++) {
      const bom = offset < 3 && chunk[i] === [0xef, 0xbb, 0xbf][offset];
      if (!bom && !isSpaceByte(chunk[i])) first = chunk[i];
    }
  }
  let given = 0;
  return { first, replay: () => (given < read.length ? read[given++] : source()) };
}

/**
 * A JSON `{"kind": "…List", "items": [...]}` read item by item; false for any other JSON. With
 * `itemsBeforeKind` each item is handed over as it is read, and the first that is not an object
 * is refused only once the document is known to be a List (as when the items are kept).
 */
function readJsonList(source: ByteSource, label: string, onObject: (object: K8sObject) => void, itemsBeforeKind: boolean): boolean {
  const items: unknown[] = [];
  let handedOver = 0;
  let refused: unknown;
  const onItem = (_key: string, item: unknown) => {
    if (!itemsBeforeKind) items.push(item);
    else if (refused === undefined) {
      let object;
      try {
        object = checkObject(item, label);
      } catch (error) {
        refused = error;
        return;
      }
      onObject(object);
      handedOver++;
    }
  };
  const notAList = () => {
    if (handedOver) throw new NotAListError(label);
    return false;
  };
  let top;
  try {
    // `items` is among the values too, so an `items` that is not an array is seen as such.
    top = readTopLevel(source, { values: ['kind', 'items', 'metadata'], arrays: ['items'], onItem });
  } catch (error) {
    if (error instanceof JsonShapeError) return notAList();
    throw error;
  }
  const kind = top.values.get('kind');
  const itemsIsArray = top.keys.has('items') && !top.values.has('items');
  if (typeof kind !== 'string' || !kind.endsWith('List') || !itemsIsArray) return notAList();
  refuseListPage({ kind, metadata: top.values.get('metadata') }, label);
  if (refused !== undefined) throw refused;
  for (const item of items) onObject(checkObject(item, label));
  return true;
}

/** The whole input as text, for what cannot be read in pieces. */
function wholeText(source: ByteSource, label: string): string {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let chunk = source(); chunk; chunk = source()) {
    chunks.push(chunk);
    bytes += chunk.length;
  }
  try {
    return Buffer.concat(chunks, bytes).toString('utf8');
  } catch {
    throw new UserError(`${label} is JSON that is not one List object (kind: List with items) and too large to read whole; export it with kubectl get -o json, or as YAML.`);
  }
}

/** A run of lines (or one line) with their line breaks, and how many lines it holds. */
interface Lines {
  text: string;
  count: number;
}

/** A `\n` followed by a line that does not start with a space: where a run of indented lines ends. */
const INDENTED_RUN_END = /\n[^ ]/g;
/** A line that starts with a space, or a sequence entry at column 0 (`- `). */
const startsIndentedRun = (line: string) => line[0] === ' ' || (line[0] === '-' && (line.length === 1 || ' \t\r\n'.includes(line[1])));
const countLines = (text: string) => {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
};

/**
 * The input's lines, each with its line break; a line longer than a chunk is joined once, at its
 * end. Asked to, it hands out a line that starts an item (`- `) or is indented together with every
 * indented line after it: the items of a List at column 0 are most of an export, and their indented
 * lines change nothing in how documents are split, so they are not looked at one by one.
 */
class LineReader {
  private readonly decode = utf8ChunkDecoder();
  private text = '';
  private at = 0;
  private ended = false;

  constructor(private readonly source: ByteSource) {}

  next(joinIndented: boolean): Lines | undefined {
    if (!this.available()) return undefined;
    const first: string[] = [];
    this.restOfLine(first);
    const parts = [first.length === 1 ? first[0] : first.join('')];
    let count = 1;
    if (joinIndented && startsIndentedRun(parts[0])) {
      while (this.available() && this.text.charCodeAt(this.at) === 0x20) {
        INDENTED_RUN_END.lastIndex = this.at;
        const found = INDENTED_RUN_END.exec(this.text);
        const end = found ? found.index + 1 : this.text.lastIndexOf('\n') + 1;
        if (end > this.at) {
          const run = this.text.slice(this.at, end);
          parts.push(run);
          count += countLines(run);
          this.at = end;
        } else {
          this.restOfLine(parts); // an indented line that goes on in the next chunk
          count++;
        }
      }
    }
    return { text: parts.length === 1 ? parts[0] : parts.join(''), count };
  }

  /** Whether there is text at `at`, decoding the next chunks as needed; false at the end of the input. */
  private available(): boolean {
    while (this.at >= this.text.length) {
      if (this.ended) return false;
      const chunk = this.source();
      this.text = this.decode(chunk);
      this.ended = !chunk;
      this.at = 0;
    }
    return true;
  }

  /** The rest of the line at `at`, with its break (none at the end of the input), onto `parts`. */
  private restOfLine(parts: string[]) {
    while (this.available()) {
      const end = this.text.indexOf('\n', this.at);
      const stop = end < 0 ? this.text.length : end + 1;
      parts.push(this.text.slice(this.at, stop));
      this.at = stop;
      if (end >= 0) return;
    }
  }
}

const DOCUMENT_START = /^---(?:[ \t\r\n]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r\n]|$)/;
/** `---` with nothing after it but a comment: the document is a block mapping, so `items:` at column 0 is its key. */
const BARE_DOCUMENT_START = /^---[ \t]*(?:#.*)?\r?\n?$/;
const ITEMS_KEY = /^items:[ \t]*(?:#.*)?\r?\n?$/;
const SEQUENCE_ENTRY = /^( *)-(?:[ \t\r\n]|$)/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?\n?$/;
const DIRECTIVE = /^%/;
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Splits lines into YAML documents and parses each when it ends. A document with `items:` at
 * column 0 followed by a sequence is a possible List: once it is larger than `listSplitBytes`,
 * every item is parsed as soon as the next begins and its text dropped, so the document is never
 * in memory whole; the rest of the mapping (`apiVersion`, `kind`, `metadata`) is parsed at its end.
 */
class YamlDocuments {
  private line = 0;
  // The document being read.
  private lines: string[] = [];
  private startLine = 1;
  private firstContentLine = 0;
  private bytes = 0;
  private hasMarker = false;
  private hasContent = false;
  // Its List shape: `head` lines up to and including `items:`, then items, then the rest (`tail`).
  private phase: 'head' | 'items' | 'tail' | 'plain' = 'head';
  private headCount = 0;
  private itemIndent = -1;
  /** Where each item begins: an index into `lines` and a line of the file. */
  private itemStarts: { index: number; line: number }[] = [];
  private tailIndex = -1;
  private tailLine = 0;
  /** Items already parsed (their text dropped), once the document is over listSplitBytes; empty when they are handed over. */
  private parsedItems: unknown[] | undefined;
  /** With itemsBeforeKind: the first item that is not an object, refused once the document is known to be a List. */
  private refused: unknown;

  constructor(
    private readonly label: string,
    private readonly listSplitBytes: number,
    private readonly onObject: (object: K8sObject) => void,
    private readonly itemsBeforeKind: boolean,
  ) {}

  /** Whether an indented line changes nothing here: inside the items of a List at column 0. */
  skipsIndented(): boolean {
    return this.phase === 'items' && this.itemIndent === 0;
  }

  /** A line, or (see skipsIndented) an item's first line or an indented line with the `count - 1` indented lines after it. */
  add(text: string, count = 1) {
    this.addLine(text);
    this.line += count - 1;
  }

  private addLine(line: string) {
    this.line++;
    if (DOCUMENT_START.test(line)) {
      if (this.hasMarker || this.hasContent) this.finishDocument();
      this.hasMarker = true;
      if (!BARE_DOCUMENT_START.test(line)) this.phase = 'plain';
      this.append(line);
      if (this.firstContentLine === 0) this.firstContentLine = this.line;
      return;
    }
    const blank = BLANK_OR_COMMENT.test(line);
    if (!blank && this.firstContentLine === 0) this.firstContentLine = this.line;
    if (!blank && !DIRECTIVE.test(line)) this.hasContent = true;
    this.append(line);
    if (!blank) this.trackListShape(line);
    if (DOCUMENT_END.test(line)) this.finishDocument();
    else if (this.parsedItems === undefined && this.bytes > this.listSplitBytes && (this.phase === 'items' || this.phase === 'tail') && this.itemStarts.length) {
      this.parsedItems = [];
      this.parseFinishedItems();
    }
  }

  end() {
    if (this.lines.length) this.finishDocument();
  }

  private append(line: string) {
    if (this.lines.length === 0) this.startLine = this.line;
    this.lines.push(line);
    this.bytes += line.length;
  }

  private trackListShape(line: string) {
    if (this.phase === 'head') {
      if (ITEMS_KEY.test(line)) {
        this.phase = 'items';
        this.headCount = this.lines.length;
      }
      return;
    }
    if (this.phase !== 'items') return;
    const indent = indentOf(line);
    const entry = SEQUENCE_ENTRY.exec(line);
    if (this.itemIndent < 0 && !entry) this.phase = 'plain';
    else if (entry && (this.itemIndent < 0 || entry[1].length === this.itemIndent)) {
      this.itemIndent = entry[1].length;
      this.itemStarts.push({ index: this.lines.length - 1, line: this.line });
      if (this.parsedItems) this.parseFinishedItems();
    } else if (indent > this.itemIndent) return;
    else if (indent === 0) {
      this.phase = 'tail';
      this.tailIndex = this.lines.length - 1;
      this.tailLine = this.line;
    } else if (this.parsedItems) {
      throw new UserError(`${this.label}:${this.line}: invalid YAML (a line of the List's items is indented less than its items); fix the manifest.`);
    } else this.phase = 'plain';
  }

  /** Parses every item but the one being read (all of them once the items have ended) and drops their lines. */
  private parseFinishedItems() {
    const parsed = this.parsedItems!;
    const last = this.phase === 'tail' ? this.itemStarts.length : this.itemStarts.length - 1;
    for (let n = 0; n < last; n++) {
      const { index, line } = this.itemStarts[n];
      const end = n + 1 < this.itemStarts.length ? this.itemStarts[n + 1].index : this.tailIndex;
      const value = parseYamlValue(this.lines.slice(index, end).join(''), this.label, (local) => local + line - 1);
      // The text is `- <item>`: a sequence of one.
      const item = Array.isArray(value) ? value[0] : value;
      if (this.itemsBeforeKind) this.handOver(item);
      else parsed.push(item);
    }
    const keepFrom = this.phase === 'tail' ? this.tailIndex : this.itemStarts[last].index;
    const shift = keepFrom - this.headCount;
    this.lines.splice(this.headCount, shift);
    this.itemStarts = this.itemStarts.slice(last).map(({ index, line }) => ({ index: index - shift, line }));
    if (this.phase === 'tail') this.tailIndex -= shift;
  }

  private handOver(item: unknown) {
    if (this.refused !== undefined) return;
    let object;
    try {
      object = checkObject(item, `${this.label}:${this.firstContentLine}`);
    } catch (error) {
      this.refused = error;
      return;
    }
    this.onObject(object);
  }

  private finishDocument() {
    if (this.parsedItems) this.finishSplitList();
    else for (const object of parseManifestText(this.lines.join(''), this.label, this.startLine)) this.onObject(object);
    this.lines = [];
    this.bytes = 0;
    this.firstContentLine = 0;
    this.hasMarker = false;
    this.hasContent = false;
    this.phase = 'head';
    this.headCount = 0;
    this.itemIndent = -1;
    this.itemStarts = [];
    this.tailIndex = -1;
    this.parsedItems = undefined;
    this.refused = undefined;
  }

  /** The mapping around the items (head and tail, as one text), with the items parsed already. */
  private finishSplitList() {
    if (this.phase !== 'tail') {
      this.phase = 'tail';
      this.tailIndex = this.lines.length;
      this.tailLine = this.line + 1;
    }
    this.parseFinishedItems();
    const { headCount, startLine, tailLine } = this;
    const lineOf = (local: number) => (local <= headCount ? startLine + local - 1 : tailLine + local - headCount - 1);
    const value = parseYamlValue(this.lines.join(''), this.label, lineOf);
    const where = `${this.label}:${this.firstContentLine}`;
    const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (this.itemsBeforeKind) {
      if (isMapping && isListObject(value as Record<string, unknown>)) {
        refuseListPage(value as Record<string, unknown>, where);
        if (this.refused !== undefined) throw this.refused;
        return;
      }
      // Its items were handed over (or refused) as a List's: read again, keeping them. One that is no mapping is refused below.
      if (isMapping) throw new NotAListError(this.label);
    }
    if (isMapping) (value as Record<string, unknown>).items = this.parsedItems;
    for (const object of objectsOfDocument(value, where)) this.onObject(object);
  }
}
