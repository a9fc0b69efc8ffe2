import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildReport,
  checkEnvironmentName,
  hasQuotedInstanceKey,
  MOST_CHANGES_SHOWN,
  parseTerraformPlan,
  renderJsonChunks,
  SeverityEngine,
  TERRAFORM_PLAN_SOURCE,
  type Change,
  type DriftReport,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { fileSink, PieceWriter, removeScratchFolder, scratchFolder, withInputChunks, writeFileAtomic } from '../files.js';
import { rulesFor } from '../rules.js';
import { systemClock } from '../ports.js';
import type { AnalyzeRequest, DriftContext } from './drift.js';
import { PLAN_FILE_WHAT, PlanFingerprintPass } from './plan-fingerprint-pass.js';

const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** A private scratch file written through a PieceWriter. */
class Spill {
  private readonly fd: number;
  readonly writer: PieceWriter;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx', 0o600);
    this.writer = new PieceWriter(fileSink(this.fd));
  }

  /** Flushes and closes; after a failure (`flush` false) only closes. */
  close(flush = true): void {
    try {
      if (flush) this.writer.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Closes every spill, each even when closing another failed (a full disk), and throws the first failure. */
function closeAll(spills: Spill[], flush = true): void {
  const failures: unknown[] = [];
  for (const spill of spills) {
    try {
      spill.close(flush);
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw failures[0];
}

/** A file's bytes in 4 MB chunks; each chunk is only valid until the next is asked for. */
function* bytesOf(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (let read = readSync(fd, chunk, 0, chunk.length, null); read > 0; read = readSync(fd, chunk, 0, chunk.length, null)) yield chunk.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's bytes in pieces of whole lines (the last may have no line break), each only valid until the next is
 * asked for. A line begun in one chunk and ended in the next is a piece of its own: the chunk is not copied for it.
 */
function* blocksOfLines(path: string): Generator<Buffer> {
  let begun: Buffer | undefined;
  for (const chunk of bytesOf(path)) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (begun) {
      const firstBreak = bytes.indexOf(NEWLINE);
      if (firstBreak === -1) {
        begun = Buffer.concat([begun, bytes]);
        continue;
      }
      yield Buffer.concat([begun, bytes.subarray(0, firstBreak + 1)]);
      begun = undefined;
      bytes = bytes.subarray(firstBreak + 1);
    }
    const lastBreak = bytes.lastIndexOf(NEWLINE);
    if (lastBreak !== -1) yield bytes.subarray(0, lastBreak + 1);
    if (lastBreak + 1 < bytes.length) begun = Buffer.from(bytes.subarray(lastBreak + 1));
  }
  if (begun) yield begun;
}

/** Each line of a file, without its line break, as a range of bytes only valid until the next is asked for. */
function* lineRangesOf(path: string): Generator<[bytes: Buffer, start: number, end: number]> {
  for (const block of blocksOfLines(path)) {
    let start = 0;
    for (let end = block.indexOf(NEWLINE); end !== -1; end = block.indexOf(NEWLINE, start)) {
      yield [block, start, end];
      start = end + 1;
    }
    if (start < block.length) yield [block, start, block.length];
  }
}

/**
 * The indexes of the lines of `lists` (one after the other) in which `where` finds something. Each block of
 * lines is searched whole, and lines are counted only to place what it finds: `where` must find nothing that
 * spans a line break.
 */
export function linesFound(lists: string[], where: (bytes: Uint8Array, start: number, end: number) => number): Set<number> {
  const found = new Set<number>();
  let line = 0;
  for (const list of lists) {
    for (const block of blocksOfLines(list)) {
      // Bytes before `counted` are counted in `line`.
      let counted = 0;
      const countLinesBefore = (at: number) => {
        for (let lineBreak = block.indexOf(NEWLINE, counted); lineBreak !== -1 && lineBreak < at; lineBreak = block.indexOf(NEWLINE, counted)) {
          line++;
          counted = lineBreak + 1;
        }
      };
      for (let at = where(block, 0, block.length); at !== -1; at = counted < block.length ? where(block, counted, block.length) : -1) {
        countLinesBefore(at);
        found.add(line);
        const lineBreak = block.indexOf(NEWLINE, at);
        line++;
        counted = lineBreak === -1 ? block.length : lineBreak + 1;
      }
      countLinesBefore(block.length);
      if (counted < block.length) {
        line++;
        counted = block.length;
      }
    }
  }
  return found;
}

/** A change as a line of the report's list: indented, its JSON, a comma and a line break (the list's last comma is dropped as it is copied out). */
const changeLine = (change: Change) => `    ${JSON.stringify(change)},\n`;

/** The change of a line changeLine wrote, `bytes[start, end)` without its line break. */
const changeOfLine = (bytes: Buffer, start: number, end: number) => JSON.parse(bytes.toString('utf8', start + 4, end - 1)) as Change;

/** What the terminal summary, alerts and annotations show of a change: all a report built from the scratch files keeps in memory of most changes. */
const lightChange = ({ address, action, severity, origin, rule }: Change) => ({ address, action, severity, origin, rule }) as Change;

/** The change lines in `paths`, one file after the other, as the pieces of RenderedChanges: the last line's comma dropped. */
function* changeListIn(paths: string[]): Generator<Uint8Array | string> {
  const sizes = paths.map((path) => statSync(path).size);
  let last = sizes.length - 1;
  while (last > 0 && sizes[last] === 0) last--;
  for (const [index, path] of paths.entries()) {
    // The last line ends in `,\n`: its comma and line break are left out and the line break written after.
    let remaining = sizes[index] - (index === last ? 2 : 0);
    for (const chunk of bytesOf(path)) {
      if (remaining <= 0) break;
      const piece = chunk.subarray(0, Math.min(chunk.length, remaining));
      remaining -= piece.length;
      yield piece;
    }
  }
  yield '\n';
}

/** A plan's report whose changes wait in scratch files to be written (see withStreamedPlanReport). */
export interface StreamedPlanReport {
  /**
   * The report, each change light (see lightChange) but, with `markdownChanges`, the first
   * MOST_CHANGES_SHOWN of each severity: all a Markdown rendering can show.
   * Set keys on it (head_sha) before `write`; its list of changes must stay the one given.
   */
  report: DriftReport;
  /** Writes the report file, byte for byte what renderJsonChunks makes of the in-memory analysis's report, handing each piece written to `onBytes`. */
  write(path: string, onBytes?: (bytes: Uint8Array) => void): void;
}

/**
 * A plan file analysed for a report of any size: each change is judged, rendered and written to a
 * private scratch file as it is read, so the changes are never all in memory (issue 15: peak memory
 * within 2 x the plan file), with the fingerprint when asked (see PlanFingerprintPass). `use` gets the
 * report while the scratch files last.
 */
export async function withStreamedPlanReport<T>(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>, use: (streamed: StreamedPlanReport) => T | Promise<T>, options: { markdownChanges?: boolean } = {}): Promise<T> {
  return streamedWith(request, context, use, options, true);
}

async function streamedWith<T>(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>, use: (streamed: StreamedPlanReport) => T | Promise<T>, options: { markdownChanges?: boolean }, mayUseWorker: boolean): Promise<T> {
  checkEnvironmentName(request.environment);
  const label = request.planPath;
  const rules = rulesFor(request.config, request.extraRules);
  const judge = new SeverityEngine(rules);
  // Holds the plan's changes before unmarked copies of secrets are masked: 0700, and removed on a signal too.
  // Made before the fingerprint pass: a pass started when this folder cannot be made would never stop (its worker kept the process alive).
  const folder = scratchFolder('gitops-sync-report-');
  let started: PlanFingerprintPass | undefined;
  try {
    const pass = (started = request.fingerprint ? new PlanFingerprintPass(request, context.onSecret, mayUseWorker) : undefined);
    // A report lists the changes made outside Git first.
    const read = { outside: new Spill(join(folder, 'outside.part')), planned: new Spill(join(folder, 'planned.part')) };
    const lights: Record<'outside' | 'planned', Change[]> = { outside: [], planned: [] };
    // Where each list's changes with quoting in an instance key are (whereSecretsMayBeInJson does not look into those).
    const quotedKeys: Record<'outside' | 'planned', number[]> = { outside: [], planned: [] };
    let plan;
    try {
      plan = withInputChunks(
        request.planPath,
        PLAN_FILE_WHAT,
        (planJson) =>
          parseTerraformPlan(pass ? pass.source(planJson) : planJson, {
            label,
            onSecret: pass?.onSecret ?? context.onSecret,
            observer: pass?.observer,
            tee: pass?.tee,
            judgedBy: rules,
            onChange: (change) => {
              const [judged] = judge.judgeAll([change]);
              const origin = judged.origin === 'outside' ? 'outside' : 'planned';
              read[origin].writer.write(changeLine(judged));
              if (hasQuotedInstanceKey(judged)) quotedKeys[origin].push(lights[origin].length);
              lights[origin].push(lightChange(judged));
            },
          }),
        { reuse: true },
      );
    } catch (error) {
      closeAll(Object.values(read), false);
      throw error;
    }
    closeAll(Object.values(read));
    pass?.planRead();

    const light = lights.outside.concat(lights.planned);
    let lists = [read.outside.path, read.planned.path];
    const { scrubUnmarked, whereScrubMayBeNeeded } = plan;
    if (scrubUnmarked && whereScrubMayBeNeeded) {
      // A secret met later in the plan may have been copied, unmarked, into a change written before it.
      const flagged = linesFound(lists, whereScrubMayBeNeeded);
      for (const index of quotedKeys.outside) flagged.add(index);
      for (const index of quotedKeys.planned) flagged.add(lights.outside.length + index);
      const scrubbed = scrubbedLines(lists, flagged, scrubUnmarked, judge, light, join(folder, 'changes.part'));
      if (scrubbed) lists = [scrubbed];
    }

    const report = buildReport({
      environment: request.environment,
      sources: [TERRAFORM_PLAN_SOURCE],
      changes: light,
      generatedAt: (context.clock ?? systemClock).now().toISOString(),
      outputChanges: plan.outputChanges,
      outputChangesAreDrift: request.config.report.output_changes_are_drift,
    });
    if (pass) {
      const fingerprint = await pass.fingerprint();
      if (fingerprint === undefined) {
        pass.stop();
        return await streamedWith(request, context, use, options, false);
      }
      report.plan_fingerprint = fingerprint;
    }
    const { changes } = report;
    if (options.markdownChanges) withChangesShown(changes, lists);
    return await use({
      report,
      write: (path, onBytes) => {
        if (report.changes !== changes || changes.length !== light.length) throw new Error('the report of a streamed plan analysis was given other changes than its scratch files hold');
        writeFileAtomic(path, renderJsonChunks(report, { changes, pieces: changeListIn(lists) }), onBytes);
      },
    });
  } finally {
    started?.stop();
    removeScratchFolder(folder);
  }
}

/**
 * `analyze --output <file>.json` of a plan file (withStreamedPlanReport); returns the report with
 * light changes (what the terminal summary shows); the full changes are in the file.
 */
export async function analyzePlanFileToJson(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>, outputPath: string): Promise<DriftReport> {
  return withStreamedPlanReport(request, context, ({ report, write }) => {
    write(outputPath);
    return report;
  });
}

/**
 * Puts in `changes` the full change, read back from the final lists, in place of the light one for the
 * first MOST_CHANGES_SHOWN changes of each severity: any Markdown of the report shows no others.
 */
function withChangesShown(changes: Change[], lists: string[]): void {
  const wanted = new Set<number>();
  const counts: Record<string, number> = {};
  let last = -1;
  for (let index = 0; index < changes.length; index++) {
    const severity = changes[index]!.severity;
    counts[severity] = (counts[severity] ?? 0) + 1;
    if (counts[severity] <= MOST_CHANGES_SHOWN) wanted.add((last = index));
  }
  // The lists are read only as far as the last change wanted: usually a small part of a large plan's.
  let index = 0;
  for (const list of lists) {
    for (const [bytes, start, end] of lineRangesOf(list)) {
      if (index > last) return;
      if (wanted.has(index)) changes[index] = changeOfLine(bytes, start, end);
      index++;
    }
  }
}

/**
 * Where a line of `lists` may hold an unmarked secret (`flagged`: see linesFound), the lines again in `path`
 * with those changes scrubbed and judged anew (their entries of `light` replaced); undefined when no line
 * may (the lists stand as they are).
 */
function scrubbedLines(lists: string[], flagged: ReadonlySet<number>, scrub: (change: UnjudgedChange) => void, judge: SeverityEngine, light: Change[], path: string): string | undefined {
  if (flagged.size === 0) return undefined;
  const scrubbed = new Spill(path);
  try {
    let index = 0;
    for (const list of lists) {
      for (const [bytes, start, end] of lineRangesOf(list)) {
        if (flagged.has(index)) {
          const change = changeOfLine(bytes, start, end);
          scrub(change);
          const [judged] = judge.judgeAll([change]);
          light[index] = lightChange(judged);
          scrubbed.writer.write(changeLine(judged));
        } else scrubbed.writer.write(bytes.subarray(start, end + 1));
        index++;
      }
    }
  } catch (error) {
    scrubbed.close(false);
    throw error;
  }
  scrubbed.close();
  return path;
}
