import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildReport,
  checkEnvironmentName,
  hasQuotedInstanceKey,
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
import { analyzePlanFile, PLAN_FILE_WHAT, type AnalyzeRequest, type DriftContext } from './drift.js';

const READ_CHUNK_BYTES = 4 * 1024 * 1024;

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

/** Each line of a file, without its line break, as a range of bytes only valid until the next is asked for. */
function* lineRangesOf(path: string): Generator<[bytes: Buffer, start: number, end: number]> {
  let rest = Buffer.alloc(0);
  for (const chunk of bytesOf(path)) {
    const bytes = rest.length ? Buffer.concat([rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
      yield [bytes, start, end];
      start = end + 1;
    }
    rest = Buffer.from(bytes.subarray(start));
  }
  if (rest.length) yield [rest, 0, rest.length];
}

/** A change as a line of the report's list: indented, its JSON, a comma and a line break (the list's last comma is dropped as it is copied out). */
const changeLine = (change: Change) => `    ${JSON.stringify(change)},\n`;

/** What the terminal summary shows of a change: all a report built from the scratch files keeps in memory. */
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

/**
 * `analyze --output <file>.json` of a plan file, for plans of any size: each change is judged, rendered
 * and written to a private scratch file as it is read, and streamed from there into `outputPath`, so the
 * changes are never all in memory (issue 15: peak memory within 2 x the plan file). The file is
 * byte-for-byte what renderJsonChunks makes of analyzePlanFile's report.
 *
 * Returns that report with light changes: address, action, severity, origin and rule only (what the
 * terminal summary shows); the full changes are in the file.
 */
export async function analyzePlanFileToJson(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>, outputPath: string): Promise<DriftReport> {
  if (request.fingerprint) {
    // The fingerprint may need the parsed changes again once the plan is read.
    const report = await analyzePlanFile(request, context);
    writeFileAtomic(outputPath, renderJsonChunks(report));
    return report;
  }
  checkEnvironmentName(request.environment);
  const label = request.planPath;
  const rules = rulesFor(request.config, request.extraRules);
  const judge = new SeverityEngine(rules);
  // Holds the plan's changes before unmarked copies of secrets are masked: 0700, and removed on a signal too.
  const folder = scratchFolder('gitops-sync-report-');
  try {
    // A report lists the changes made outside Git first.
    const read = { outside: new Spill(join(folder, 'outside.part')), planned: new Spill(join(folder, 'planned.part')) };
    const lights: Record<'outside' | 'planned', Change[]> = { outside: [], planned: [] };
    // Where each list's changes with quoting in an instance key are (mayHoldSecretsInJson does not look into those).
    const quotedKeys: Record<'outside' | 'planned', number[]> = { outside: [], planned: [] };
    let plan;
    try {
      plan = withInputChunks(
        request.planPath,
        PLAN_FILE_WHAT,
        (planJson) =>
          parseTerraformPlan(planJson, {
            label,
            onSecret: context.onSecret,
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

    const light = lights.outside.concat(lights.planned);
    let lists = [read.outside.path, read.planned.path];
    const { scrubUnmarked, mayNeedScrub } = plan;
    if (scrubUnmarked && mayNeedScrub) {
      // A secret met later in the plan may have been copied, unmarked, into a change written before it.
      const quoted = new Set([...quotedKeys.outside, ...quotedKeys.planned.map((index) => lights.outside.length + index)]);
      const scrubbed = scrubbedLines(lists, (bytes, start, end, index) => quoted.has(index) || mayNeedScrub(bytes, start, end), scrubUnmarked, judge, light, join(folder, 'changes.part'));
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
    writeFileAtomic(outputPath, renderJsonChunks(report, { changes: report.changes, pieces: changeListIn(lists) }));
    return report;
  } finally {
    removeScratchFolder(folder);
  }
}

/**
 * Where a line of `lists` may hold an unmarked secret (`mayNeedScrub` of its bytes and its index in
 * the lists), the lines again in `path` with those changes
 * scrubbed and judged anew (their entries of `light` replaced); undefined when no line may (the lists
 * stand as they are).
 */
function scrubbedLines(lists: string[], mayNeedScrub: (json: Uint8Array, start: number, end: number, index: number) => boolean, scrub: (change: UnjudgedChange) => void, judge: SeverityEngine, light: Change[], path: string): string | undefined {
  const flagged = new Set<number>();
  let index = 0;
  for (const list of lists) {
    for (const [bytes, start, end] of lineRangesOf(list)) {
      if (mayNeedScrub(bytes, start, end, index)) flagged.add(index);
      index++;
    }
  }
  if (flagged.size === 0) return undefined;
  const scrubbed = new Spill(path);
  try {
    index = 0;
    for (const list of lists) {
      for (const [bytes, start, end] of lineRangesOf(list)) {
        if (flagged.has(index)) {
          // The line is `    <JSON>,`.
          const change = JSON.parse(bytes.toString('utf8', start + 4, end - 1)) as Change;
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
