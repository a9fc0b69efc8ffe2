import '../shared/event-payload.js';
import { githubIO } from '@gitops-sync/platforms';
import { run } from './main.js';

await run(githubIO());
