/**
 * The Argo CD gitops-engine config/live pairs (shared/fixtures/kubernetes/gitops-engine), each with
 * the namespace its objects default to and the changes (origin, action, address, field paths) a
 * correct Kubernetes source reports for it. Every source that reads these pairs must agree.
 */
export const GITOPS_ENGINE_PAIRS: [string, string, unknown[]][] = [
  ['deployment', 'default', []],
  ['aggr-clusterrole', 'default', []],
  ['grafana-clusterrole', 'default', []],
  ['endpoints', 'default', []],
  ['mutatingwebhookconfig', 'default', []],
  ['sealedsecret', 'default', []],
  ['spinnaker-sa', 'default', []],
  ['elasticsearch', 'elasticsearch4', []],
  ['wordpress', 'argocd', []],
  ['smd-deploy', 'default', []],
  ['smd-deploy2', 'default', []],
  ['ssd-service', 'default', []],
  ['smd-service', 'default', [['planned', 'update', 'v1/Service/default/multiple-protocol-port-svc', ['/spec/ports/1/targetPort']]]],
  ['ssd-deploy-composite-key', 'default', [['planned', 'update', 'apps/v1/Deployment/default/test-container-ports', ['/spec/template/spec/containers/0/ports/2/containerPort', '/spec/template/spec/containers/0/ports/2/name']]]],
  ['ssd-deploy-nested', 'default', [['planned', 'update', 'apps/v1/Deployment/default/nested-test-deployment', ['/spec/template/spec/containers/0/ports/1/containerPort', '/spec/template/spec/containers/0/ports/1/name', '/spec/template/spec/containers/0/env/1/name', '/spec/template/spec/containers/0/env/1/value']]]],
  ['ssd-deploy-with-manual-apply', 'default', [['planned', 'update', 'apps/v1/Deployment/default/manual-apply-test-deployment', ['/spec/template/spec/containers/0/ports/1/containerPort', '/spec/template/spec/containers/0/ports/1/name']]]],
];
