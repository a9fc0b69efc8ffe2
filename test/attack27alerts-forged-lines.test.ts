/**
 * Attack on the alert text through a resource name: a Kubernetes manifest in Git may name an object
 * anything (the API server checks names, the k8s-manifests source does not), and the name is the
 * change's address. With line breaks in it, the name ended the change's line in Slack's "Top changes"
 * and in the e-mail, and wrote lines of its own — a forged "drift resolved" under gitops-sync's name,
 * a mention, a link — where the Markdown report and the terminal table show it on one line.
 * The real CLI, the validating Slack fake and a real SMTP server (smtp-server).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { cli } from './support/cli.js';
import { slackServer, type VendorServer } from './support/vendor-servers.js';

const FORGED = 'view\n:white_check_mark: *Drift resolved in production*: nothing to do `<!here>` https://evil.example/';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-forged-lines-'));
let slack: VendorServer;
let smtp: SMTPServer;
let smtpPort = 0;
const inbox: string[] = [];

beforeAll(async () => {
  slack = await slackServer();
  smtp = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _session, done) => {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail.text ?? '');
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0 }
  notifications:
    slack: { webhook_url_env: SLACK_WEBHOOK_URL }
    email: { host: 127.0.0.1, port: ${smtpPort}, secure: false, from: gitops-sync@acme.test, to: [sre@acme.test] }
`,
  );
  writeFileSync(join(dir, 'git.yaml'), `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${JSON.stringify(FORGED)}\nrules:\n  - { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }\n`);
  writeFileSync(join(dir, 'live.yaml'), 'apiVersion: v1\nkind: List\nitems: []\n');
});
afterAll(async () => {
  await slack.close();
  await new Promise<void>((done) => smtp.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

test('a line break in a resource name writes no line of its own into the Slack message or the e-mail', async () => {
  const run = await cli(['drift-detect', '--kubernetes-manifests', 'git.yaml', '--kubernetes-live-export', 'live.yaml', '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, GITHUB_ACTIONS: '' },
  });
  expect(run.stderr).not.toContain('warning');
  expect(run.stdout).toContain('Alert: trigger');

  expect(slack.received).toHaveLength(1);
  expect(slack.received[0].problems).toEqual([]);
  const sections = (slack.received[0].json as { blocks: { text?: { text: string } }[] }).blocks.map((block) => block.text?.text ?? '');
  const top = sections.find((text) => text.startsWith('*Top changes*'))!;
  // One line per change, the whole name inside one code span that nothing in it can end.
  expect(top.split('\n')).toEqual(['*Top changes*', expect.stringMatching(/^:red_circle: `rbac\.authorization\.k8s\.io\/v1\/ClusterRole\/\/view [^`\n]*` create — \S+$/)]);

  expect(inbox).toHaveLength(1);
  const lines = inbox[0].split('\n');
  expect(lines.filter((line) => /white_check_mark|evil\.example/.test(line))).toEqual([expect.stringMatching(/^- critical: rbac\.authorization\.k8s\.io\/v1\/ClusterRole\/\/view :white_check_mark: .* \(create, \S+\)$/)]);
});
