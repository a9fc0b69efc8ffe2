/*
 * The source names a change carries (`source` in the report), in one place: a severity rule's `source`
 * is checked against them at load, so a misspelt one is refused rather than never matching.
 */
export const TERRAFORM_PLAN_SOURCE = 'terraform-plan';
export const K8S_MANIFESTS_SOURCE = 'k8s-manifests';
export const K8S_DIRS_SOURCE = 'k8s-dirs';
export const KUBECTL_DIFF_SOURCE = 'kubectl-diff';
export const ARGOCD_SOURCE = 'argocd';
export const FLUX_DIFF_SOURCE = 'flux-diff';
export const GCP_CONFIG_CONNECTOR_SOURCE = 'gcp-config-connector';
export const AWS_CONFIG_SOURCE = 'aws-config';
export const AZURE_POLICY_SOURCE = 'azure-policy';
export const ANSIBLE_CHECK_SOURCE = 'ansible-check';
export const AWX_SOURCE = 'awx';
/** Weakened platform protection (check-protection), reported as drift. */
export const PROTECTION_SOURCE = 'platform-protection';

export const CHANGE_SOURCES: readonly string[] = [
  TERRAFORM_PLAN_SOURCE,
  K8S_MANIFESTS_SOURCE,
  K8S_DIRS_SOURCE,
  KUBECTL_DIFF_SOURCE,
  ARGOCD_SOURCE,
  FLUX_DIFF_SOURCE,
  GCP_CONFIG_CONNECTOR_SOURCE,
  AWS_CONFIG_SOURCE,
  AZURE_POLICY_SOURCE,
  ANSIBLE_CHECK_SOURCE,
  AWX_SOURCE,
  PROTECTION_SOURCE,
];

/*
 * Report sources whose changes carry another source's name: a rule is written for that one. These
 * two read saved or fetched results of a source above.
 */
export const TERRAFORM_CLOUD_SOURCE = 'terraform-cloud';
export const AWX_JOB_EVENTS_SOURCE = 'awx-job-events';
export const CHANGES_CARRY: Readonly<Record<string, string>> = { [TERRAFORM_CLOUD_SOURCE]: TERRAFORM_PLAN_SOURCE, [AWX_JOB_EVENTS_SOURCE]: AWX_SOURCE };
