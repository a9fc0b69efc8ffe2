import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildReport,
  checkEnvironmentName,
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

/** A file's lines, without their line breaks. */
function* linesOf(path: string): Generator<string> {
  let rest = Buffer.alloc(0);
  for (const chunk of bytesOf(path)) {
    const bytes = rest.length ? Buffer.concat([rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
      yield bytes.toString('utf8', start, end);
      start = end + 1;
    }
    rest = Buffer.from(bytes.subarray(start));
  }
  if (rest.length) yield rest.toString('utf8');
}

/** The change lines in `changesPath` (written without the last line's line break), as the pieces of RenderedChanges. */
function* changeLinesIn(changesPath: string): Generator<Uint8Array | string> {
  yield* bytesOf(changesPath);
  yield '\n';
}

/**
 * `analyze --output <file>.json` of a plan file, for plans of any size: each change is written to a
 * private scratch file as it is read, judged and rendered from there, and streamed into `outputPath`,
 * so the changes are never all in memory (issue 15: peak memory within 2 x the plan file). The file
 * is byte-for-byte what renderJsonChunks makes of analyzePlanFile's report.
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
  // Holds the plan's changes before unmarked copies of secrets are masked: 0700, and removed on a signal too.
  const folder = scratchFolder('gitops-sync-report-');
  try {
    const read = { outside: new Spill(join(folder, 'outside.jsonl')), planned: new Spill(join(folder, 'planned.jsonl')) };
    let plan;
    try {
      plan = withInputChunks(request.planPath, PLAN_FILE_WHAT, (planJson) =>
        parseTerraformPlan(planJson, { label, onSecret: context.onSecret, judgedBy: rules, onChange: (change) => read[change.origin === 'outside' ? 'outside' : 'planned'].writer.write(`${JSON.stringify(change)}\n`) }),
        { reuse: true },
      );
    } catch (error) {
      for (const spill of Object.values(read)) spill.close(false);
      throw error;
    }
    for (const spill of Object.values(read)) spill.close();

    const judge = new SeverityEngine(rules);
    const { scrubUnmarked } = plan;
    const judgedLines = new Spill(join(folder, 'changes.part'));
    const light: Change[] = [];
    try {
      for (const spill of [read.outside, read.planned]) {
        for (const line of linesOf(spill.path)) {
          const change = JSON.parse(line) as UnjudgedChange;
          scrubUnmarked?.(change);
          const [judged] = judge.judgeAll([change]);
          judgedLines.writer.write(`${light.length ? ',\n' : ''}    ${JSON.stringify(judged)}`);
          const { address, action, severity, origin, rule } = judged;
          light.push({ address, action, severity, origin, rule } as Change);
        }
      }
    } catch (error) {
      judgedLines.close(false);
      throw error;
    }
    judgedLines.close();

    const report = buildReport({
      environment: request.environment,
      sources: [TERRAFORM_PLAN_SOURCE],
      changes: light,
      generatedAt: (context.clock ?? systemClock).now().toISOString(),
      outputChanges: plan.outputChanges,
      outputChangesAreDrift: request.config.report.output_changes_are_drift,
    });
    writeFileAtomic(outputPath, renderJsonChunks(report, { changes: report.changes, pieces: changeLinesIn(judgedLines.path) }));
    return report;
  } finally {
    removeScratchFolder(folder);
  }
}
