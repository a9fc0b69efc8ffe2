/**
 * Attack on `generate atlantis`: Atlantis changes a project's state with two more commands than apply,
 * `atlantis import ADDRESS ID` and `atlantis state rm ADDRESS` (when the server allows them). Their
 * requirements are import_requirements — none unless set — and their stages default to Atlantis's
 * built-in [init, import] and [init, state_rm]. The generated atlantis.yaml set only apply_requirements
 * and an apply stage, so anyone who may comment could rewrite production's state with no approval,
 * no gitops-sync gate and no backup.
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

const dir = tempDir('gitops-sync-attack27ci-atlantis-import-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('import and state rm of every project need what apply needs, and pass the gate and a state backup first', async () => {
  writeFiles(dir, {
    'gitops-sync.yaml': 'environments:\n  production:\n    terraform: { dir: infra/production, backend_config: [backend.hcl] }\n  dev:\n    terraform: { dir: infra/dev }\n',
  });
  const generated = await cli(['generate', 'atlantis'], { cwd: dir });
  expect(generated.code).toBe(0);
  const atlantis = parse(generated.stdout);

  for (const project of atlantis.projects) {
    expect(project.import_requirements).toEqual(project.apply_requirements);
    const workflow = atlantis.workflows[project.workflow];
    const [gate, backup] = workflow.apply.steps;
    const init = workflow.plan.steps[0];
    // The gate as apply runs it, without the plan's report (there is no plan): the change counts as critical.
    const gateAlone = { run: gate.run.replace(/ --report \S+$/, '') };
    expect(gateAlone.run).toMatch(/^gitops-sync gate --config \S+ --environment \S+ --platform github --repo "\$BASE_REPO_OWNER\/\$BASE_REPO_NAME" --pr "\$PULL_NUM"$/);
    expect(workflow.import.steps).toEqual([gateAlone, init, backup, 'import']);
    expect(workflow.state_rm.steps).toEqual([gateAlone, init, backup, 'state_rm']);
  }
  expect(atlantis.projects.map((project: { name: string; import_requirements: string[] }) => [project.name, project.import_requirements])).toEqual([
    ['production', ['approved', 'mergeable', 'undiverged']],
    ['dev', ['approved', 'mergeable']],
  ]);
});
