// Writes the JSON Schemas of the report and the configuration from their zod schemas, and the shipped
// severity rules (default-rules.yaml) validated, as the JSON the code reads at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { z } from 'zod';
import { AuditCheckpoint, AuditEvent, AuditReport, ControlMapping, DriftReport, GitopsSyncConfig, SecretRulesFile, SecretsReport, SeverityRuleSet } from '@gitops-sync/core';

const schemas = {
  'schema/drift-report.schema.json': { title: 'gitops-sync drift report (gitops-sync/drift-report@1)', schema: DriftReport, io: 'output' as const },
  'schema/audit-event.schema.json': { title: 'gitops-sync audit event (gitops-sync/audit-event@1)', schema: AuditEvent, io: 'output' as const },
  'schema/audit-checkpoint.schema.json': { title: 'gitops-sync audit checkpoint (gitops-sync/audit-checkpoint@1)', schema: AuditCheckpoint, io: 'output' as const },
  'schema/audit-report.schema.json': { title: 'gitops-sync audit report (gitops-sync/audit-report@1)', schema: AuditReport, io: 'output' as const },
  'schema/audit-controls.schema.json': { title: 'gitops-sync audit control mapping (audit.controls, --controls)', schema: ControlMapping, io: 'input' as const },
  'schema/secrets-report.schema.json': { title: 'gitops-sync secrets report (gitops-sync/secrets-report@1)', schema: SecretsReport, io: 'output' as const },
  'schema/secret-rules.schema.json': { title: 'gitops-sync plaintext-secret rules (secrets.rules)', schema: SecretRulesFile, io: 'input' as const },
  'schema/gitops-sync.schema.json': { title: 'gitops-sync.yaml configuration', schema: GitopsSyncConfig, io: 'input' as const },
};

for (const [path, { title, schema, io }] of Object.entries(schemas)) {
  const json = { title, ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }) };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

// Validated once here (and checked current by test/severity.test.ts), not at every start.
const rules = SeverityRuleSet.parse(load(readFileSync('packages/core/src/severity/default-rules.yaml', 'utf8')));
writeFileSync('packages/core/src/severity/default-rules.validated.json', `${JSON.stringify(rules, null, 2)}\n`);
