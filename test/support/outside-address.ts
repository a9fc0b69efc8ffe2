import { networkInterfaces } from 'node:os';

/**
 * An IPv4 address of this machine that is not loopback, for a server (listening on 0.0.0.0) a client
 * reaches across the network: the first external interface's, or TEST-NET-1 when the machine has
 * none (nothing answers there; a client that refuses before connecting behaves the same either way).
 */
export function outsideAddress(): string {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((net) => net?.family === 'IPv4' && !net.internal);
  return external?.address ?? '192.0.2.1';
}
