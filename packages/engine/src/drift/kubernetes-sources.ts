/** The Kubernetes sources `analyze` reads, in a module of their own: naming them does not load their analysis (kubernetes.ts). */
export const KUBERNETES_SOURCES = ['k8s-manifests', 'k8s-dirs', 'kubectl-diff', 'argocd', 'flux-diff'] as const;
export type KubernetesSource = (typeof KUBERNETES_SOURCES)[number];
