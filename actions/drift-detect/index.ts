import '../shared/event-payload.js';
import { usePlanFingerprintWorker } from '@gitops-sync/engine';
import { githubIO } from '@gitops-sync/platforms';
import { run } from './main.js';

usePlanFingerprintWorker(import.meta.url);
await run(githubIO());
