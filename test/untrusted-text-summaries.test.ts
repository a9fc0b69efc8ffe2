/**
 * The sync and rollback job summaries quote tools and names others chose: terraform's errors and
 * resource names in a sync's message, steps and detail; a live annotation, a state's lineage or a
 * rollout message in a rollback's from / to / verification. Shown as text: no @-mention pings a team,
 * no image loads, no link or HTML appears, and a detail holding ``` cannot end its code block.
 */
import { expect, test } from '@jest/globals';
import { codeBlock } from '@gitops-sync/core';
import type { RollbackResult, SyncResult } from '@gitops-sync/engine';
import { syncSummary } from '../actions/sync/main.js';
import { rollbackSummary } from '../actions/rollback/main.js';

const HOSTILE = '@org/security-team ![p](https://evil.test/p.png) <img src=x> [click](https://evil.test)';

/** What GitHub would turn into a mention, an image, a link or HTML outside a code block. */
function expectNoMarkdownFrom(summary: string): void {
  const outsideCode = summary.replace(/(`{3,})\n[\s\S]*?\n\1/g, '');
  expect(outsideCode).not.toMatch(/@org|!\[|<img|\]\(|https:\/\//);
}

test('a sync summary shows a failed environment\'s message, steps and detail as text', () => {
  const result: SyncResult = {
    ok: false,
    environments: [
      {
        environment: 'prod',
        status: 'failed',
        message: `terraform apply failed: ${HOSTILE} | not a column`,
        detail: `module.x["a"] changed\n\`\`\`\n${HOSTILE}\n`,
        dry_run: false,
        backups: [],
        steps: [`applied ${HOSTILE}`],
      },
    ],
  };
  const summary = syncSummary(result);
  expectNoMarkdownFrom(summary);
  // One row per environment: the pipe in the message does not add a column.
  expect(summary.split('\n').filter((line) => line.startsWith('| `prod`'))[0].split(/(?<!\\)\|/)).toHaveLength(5);
  // The detail is one code block however many backticks it holds, and every line of it is there.
  expect(summary).toContain(`\`\`\`\`\nmodule.x["a"] changed\n\`\`\`\n${HOSTILE}\n\n\`\`\`\``);
});

test('a rollback summary shows from, to, verification and the controller note as text', () => {
  const result: RollbackResult = {
    environment: 'prod',
    mode: 'kubernetes',
    rolled_back: true,
    from: `web:2.0 (${HOSTILE})`,
    to: 'web:1.9',
    backup_path: 'backups/prod/20261206',
    verification: `rollout status: ${HOSTILE}`,
    steps: [],
    controller: { controller: 'Argo CD application "shop"', suspended: true, restored: true, note: `resumed ${HOSTILE}` },
    emergency: false,
  };
  const summary = rollbackSummary(result);
  expectNoMarkdownFrom(summary);
  expect(summary).toContain('| to | web:1.9 |');
  expect(summary).toContain('| rolled back | true |');
});

test('a code block is fenced longer than any run of backticks in its text', () => {
  expect(codeBlock('plain')).toBe('```\nplain\n```');
  expect(codeBlock('a ````` b')).toBe('``````\na ````` b\n``````');
});
