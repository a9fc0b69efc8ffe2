// A separate process appending to a `file` audit store: `node --import tsx append-audit-events.ts <log> <count> <first-n>`.
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './audit-events.js';

const [log, count, first] = process.argv.slice(2);
const trail = fileAuditTrail(log, { checkpointEvery: 7 });
for (let n = Number(first); n < Number(first) + Number(count); n += 1) await trail.record(gateDraft(n));
await trail.close();
