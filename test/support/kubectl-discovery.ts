/**
 * Just enough of an API server for the real kubectl's discovery (core ConfigMaps and Secrets, RBAC
 * bindings), so `kubectl apply --dry-run=client -o …` shows how kubectl itself reads a manifest:
 * with --dry-run=client it sends nothing else. Run kubectl asynchronously: the stand-in answers
 * from the test's own process.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface KubectlDiscovery {
  /** stdout of `kubectl apply --dry-run=client --validate=false -o <output> -f <file>`. */
  dryRunApply(file: string, output: 'name' | 'json'): Promise<string>;
  close(): Promise<void>;
}

export async function kubectlDiscovery(home: string): Promise<KubectlDiscovery> {
  const resource = (name: string, kind: string, namespaced: boolean) => ({ name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['create', 'get', 'patch'] });
  const rbac = { groupVersion: 'rbac.authorization.k8s.io/v1', version: 'v1' };
  const routes: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'rbac.authorization.k8s.io', versions: [rbac], preferredVersion: rbac }] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('configmaps', 'ConfigMap', true), resource('secrets', 'Secret', true)] },
    '/apis/rbac.authorization.k8s.io/v1': { kind: 'APIResourceList', groupVersion: 'rbac.authorization.k8s.io/v1', resources: [resource('clusterrolebindings', 'ClusterRoleBinding', false)] },
  };
  const server: Server = createServer((request, response) => {
    const body = routes[(request.url ?? '').split('?')[0]];
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    async dryRunApply(file, output) {
      const args = ['--server', `http://127.0.0.1:${port}`, 'apply', '--dry-run=client', '--validate=false', '-o', output, '-f', file];
      const { stdout } = await promisify(execFile)('kubectl', args, { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'no-kubeconfig') } });
      return stdout;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
