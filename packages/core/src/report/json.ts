import type { Change, DriftReport } from '../model/report.js';
import { compactJsonLines, prettyJsonChunks } from './pretty-json.js';

/**
 * The report as JSON text, in pieces so a large report is never one huge string: top-level keys
 * indented, and each change compact on a line of its own (readable, greppable, and a third of the
 * size of fully indented output).
 */
export function renderJsonChunks(report: DriftReport): Generator<string>;
/** With `rendered`: its pieces are the change lines of a report whose changes are exactly `rendered.changes`. */
export function renderJsonChunks(report: DriftReport, rendered: RenderedChanges | undefined): Generator<string | Uint8Array>;
export function* renderJsonChunks(report: DriftReport, rendered?: RenderedChanges): Generator<string | Uint8Array> {
  const entries = Object.entries(report);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (key === 'changes' && Array.isArray(value) && value.length > 0) {
      yield `  "changes": [\n`;
      yield* rendered?.changes === value ? rendered.pieces : compactJsonLines(value, '    ');
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: `;
      yield* prettyJsonChunks(value, '  ');
      yield `${comma}\n`;
    }
  }
  yield '}\n';
}

/**
 * A report's change lines, rendered apart from the rest of it: each change's compact JSON indented by
 * four spaces, comma-separated, on lines of their own (what renderJsonChunks writes between
 * `"changes": [` and `]`).
 */
export interface RenderedChanges {
  /** The changes they are the lines of. */
  changes: readonly Change[];
  pieces: Iterable<string | Uint8Array>;
}

export function renderJson(report: DriftReport): string {
  // Appending keeps V8's string ropes; joining an array of the pieces flattened each one and took 3x longer.
  let text = '';
  for (const piece of renderJsonChunks(report)) text += piece;
  return text;
}
