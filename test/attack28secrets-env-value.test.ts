/**
 * Found by attack28secrets: a password committed as a container's environment variable
 * (`env: [{ name: DB_PASSWORD, value: … }]` in a Deployment, `environment: [{ name, value }]` in an ECS
 * task definition) sits under the key `value`, which names no secret, so `secrets check` passed it.
 * The entry's `name` is what says a secret is there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const PASSWORD = 'q7Tz9Lm2Xv4Rk8Wp3Nf6';
const TOKEN = 'Hq83Jd02Lk4Mz7Px9Qw1';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.0
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              value: "${PASSWORD}"
            - name: DB_PASSWORD_FROM
              valueFrom: { secretKeyRef: { name: db, key: password } }
            - name: API_TOKEN
              value: $(OTHER_TOKEN)
`;

const TASK_DEFINITION = JSON.stringify({ containerDefinitions: [{ name: 'api', environment: [{ name: 'REGION', value: 'eu-west-1' }, { name: 'API_TOKEN', value: TOKEN }] }] }, null, 2);

test('secrets check finds a password in a container environment variable, by the variable name, without showing it', async () => {
  const dir = tempDir('gitops-sync-attack28-env-');
  writeFileSync(join(dir, 'deployment.yaml'), DEPLOYMENT);
  writeFileSync(join(dir, 'task-definition.json'), TASK_DEFINITION);
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
  expect(run.code).toBe(2);
  expect(run.stdout).not.toContain(PASSWORD);
  expect(run.stdout).not.toContain(TOKEN);
  const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; rule: string }[] }).findings;
  expect(findings.map(({ file, line, rule }) => ({ file, line, rule }))).toEqual([
    { file: 'deployment.yaml', line: 15, rule: 'high-entropy-secret-value' },
    { file: 'task-definition.json', line: 12, rule: 'high-entropy-secret-value' },
  ]);
});
