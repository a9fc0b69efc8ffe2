/**
 * Entry point of the test-only Terraform provider `registry.terraform.io/gitops-sync/jsonfile`:
 * the hashicorp/go-plugin server side (handshake, health, controller, stdio, broker) around the
 * protocol-6 `tfplugin6.Provider` service in provider.ts. Started by Terraform through the
 * wrapper script that install.ts writes; not meant to be run by hand.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { JsonFileProvider } from './provider.js';

// go-plugin handshake constants (terraform internal/plugin6/serve.go, go-plugin server.go).
const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

function die(message: string): never {
  process.stderr.write(`terraform-provider-jsonfile: ${message}\n`);
  process.exit(1);
}

if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
  die('this is a Terraform plugin: it is started by Terraform, not by hand');
}
const offered = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').map((v) => v.trim());
if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
  die(`Terraform offers plugin protocol(s) ${offered.join(',') || 'none'}, this provider speaks only 6`);
}
// With AutoMTLS the host passes its client certificate and expects ours in the handshake line;
// we do not implement that, so Terraform must run with TF_DISABLE_PLUGIN_TLS=1.
if (process.env.PLUGIN_CLIENT_CERT) die('AutoMTLS is not supported: set TF_DISABLE_PLUGIN_TLS=1');

const protoDir = join(dirname(fileURLToPath(import.meta.url)), 'proto');
const loaded = protoLoader.loadSync(['tfplugin6.proto', 'go-plugin.proto', 'health.proto'], {
  includeDirs: [protoDir],
  keepCase: true, // handlers use the .proto snake_case names
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});
const pkg = grpc.loadPackageDefinition(loaded) as any;

const server = new grpc.Server();
const provider = new JsonFileProvider();
let exiting = false;

/** Leaves at once: nothing is buffered, and Terraform has already had its answers. */
function exit(reason: string): void {
  if (exiting) return;
  exiting = true;
  process.stderr.write(`[DEBUG] jsonfile: exiting (${reason})\n`);
  server.forceShutdown();
  process.exit(0);
}

server.addService(pkg.tfplugin6.Provider.service, provider.handlers());

server.addService(pkg.grpc.health.v1.Health.service, {
  Check: (_call: unknown, cb: grpc.sendUnaryData<object>) => cb(null, { status: 'SERVING' }),
});

server.addService(pkg.plugin.GRPCController.service, {
  // Answer first, then go: go-plugin's Kill() ignores the reply but waits for the process to end.
  Shutdown: (_call: unknown, cb: grpc.sendUnaryData<object>) => {
    cb(null, {});
    setTimeout(() => exit('GRPCController.Shutdown'), 20);
  },
});

server.addService(pkg.plugin.GRPCStdio.service, {
  // We never write to stdout/stderr through go-plugin's mirror: end the stream (the host reads EOF and stops).
  StreamStdio: (call: grpc.ServerWritableStream<object, object>) => call.end(),
});

server.addService(pkg.plugin.GRPCBroker.service, {
  // Without this the host logs a broker error on every start; keep the stream idle until it closes.
  StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
    call.on('data', () => {});
    call.on('end', () => call.end());
    call.on('error', () => {});
  },
});

// Exit paths, so that no provider outlives Terraform:
// - GRPCController.Shutdown (normal end of every Terraform command);
// - SIGTERM / SIGINT;
// - the parent (Terraform) vanished, e.g. SIGKILLed: we get re-parented, so ppid changes.
// Stdin is NOT one of them: go-plugin hands the plugin Terraform's own stdin (cmd.Stdin = os.Stdin),
// which is often /dev/null or an already-closed pipe, so EOF there means nothing.
process.on('SIGTERM', () => exit('SIGTERM'));
process.on('SIGINT', () => exit('SIGINT'));
const parent = process.ppid;
setInterval(() => process.ppid !== parent && exit('parent process is gone'), 500).unref();

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) die(`cannot listen: ${err.message}`);
  // The handshake line: CORE|APP|NETWORK|ADDR|PROTOCOL|SERVER_CERT (empty without AutoMTLS).
  // It must be the first line on stdout; go-plugin reads nothing else from stdout afterwards.
  process.stdout.write(`${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|\n`);
});
