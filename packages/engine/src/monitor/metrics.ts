import { writeFileAtomic } from '../files.js';

/**
 * Writes metrics text for node_exporter's textfile collector: through a temporary file in the same
 * folder and a rename, so the collector never reads half a file (it only reads `*.prom`, and the
 * temporary file ends in `.tmp`). The file always ends with a line feed, as the format requires.
 * A failure is a UserError naming the path.
 */
export function writeMetricsFile(path: string, text: string): void {
  writeFileAtomic(path, text.endsWith('\n') ? text : `${text}\n`);
}
