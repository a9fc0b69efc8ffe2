/**
 * The `jsonfile` provider logic: plugin protocol 6 RPC handlers, independent of go-plugin plumbing.
 *
 * Provider block: `directory` (required). Resource `jsonfile_object` is the file
 * `<directory>/<name>.json`, holding `{"content": {...}, "secret": "..."}` (null members are
 * left out). ReadResource re-reads the file, so editing or deleting it by hand shows up as
 * drift (`resource_drift` in `terraform show -json`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { decodeDynamic, encodeDynamic, isUnknown, type ObjectType, type ObjectValue, typeJson, UNKNOWN } from './cty.js';

export const RESOURCE_TYPE = 'jsonfile_object';

const PROVIDER_TYPE: ObjectType = { directory: 'string' };
// Attribute order is the order shown in schemas; the wire order does not matter.
const OBJECT_TYPE: ObjectType = { id: 'string', name: 'string', content: 'map(string)', secret: 'string' };

interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail?: string;
  attribute?: { steps: { attribute_name: string }[] };
}

const error = (summary: string, detail = '', attribute?: string): Diagnostic => ({
  severity: 'ERROR',
  summary,
  detail,
  ...(attribute ? { attribute: { steps: [{ attribute_name: attribute }] } } : {}),
});

const attr = (name: string, type: 'string' | 'map(string)', flags: Record<string, boolean>, description: string) => ({
  name,
  type: typeJson(type),
  description,
  ...flags,
});

const PROVIDER_SCHEMA = {
  version: 0,
  block: {
    version: 0,
    attributes: [attr('directory', 'string', { required: true }, 'Folder holding the JSON files.')],
  },
};

const OBJECT_SCHEMA = {
  version: 0,
  block: {
    version: 0,
    attributes: [
      attr('id', 'string', { computed: true }, 'Same as name.'),
      attr('name', 'string', { required: true }, 'File name without .json; changing it replaces the object.'),
      attr('content', 'map(string)', { optional: true }, 'String map stored in the file.'),
      attr('secret', 'string', { optional: true, sensitive: true }, 'Sensitive string stored in the file.'),
    ],
  },
};

// We do not ask for PlanResourceChange on destroy, nor for MoveResourceState.
const SERVER_CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false };

/** What a jsonfile_object looks like on disk. */
interface FileBody {
  content?: Record<string, unknown> | null;
  secret?: unknown;
}

function validName(name: unknown): string | undefined {
  if (isUnknown(name) || name === null) return undefined; // unknown is checked again at plan/apply
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
    return `name must be a plain file name ([A-Za-z0-9._-]+), got ${JSON.stringify(name)}`;
  }
  return undefined;
}

export class JsonFileProvider {
  private directory: string | undefined;

  /** Called by the go-plugin layer for StopProvider; nothing here runs long enough to cancel. */
  onStop: () => void = () => {};

  private fileOf(name: unknown): string {
    if (!this.directory) throw new Error('provider is not configured (ConfigureProvider was not called)');
    const problem = validName(name);
    if (problem || typeof name !== 'string') throw new Error(problem ?? 'name is not known');
    return join(this.directory, `${name}.json`);
  }

  /** Reads `<name>.json` into a full state object, or null when the file is gone. */
  private readObject(name: string): ObjectValue | null {
    let text: string;
    try {
      text = readFileSync(this.fileOf(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const body = JSON.parse(text) as FileBody;
    const content =
      body.content == null
        ? null
        : Object.fromEntries(
            Object.entries(body.content).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          );
    const secret = body.secret == null ? null : String(body.secret);
    return { id: name, name, content, secret };
  }

  private checkType(typeName: string): void {
    if (typeName !== RESOURCE_TYPE) throw new Error(`unsupported resource type ${JSON.stringify(typeName)}`);
  }

  /** The handlers, keyed by RPC name, in the shape grpc-js `addService` expects. */
  handlers(): grpc.UntypedServiceImplementation {
    const noDiagnostics = () => ({ diagnostics: [] });
    const unsupported = (what: string) => () => ({ diagnostics: [error(`${what} is not supported by jsonfile`)] });

    const rpcs: Record<string, (req: any) => object> = {
      GetMetadata: () => ({
        server_capabilities: SERVER_CAPABILITIES,
        resources: [{ type_name: RESOURCE_TYPE }],
        data_sources: [],
        functions: [],
        ephemeral_resources: [],
        diagnostics: [],
      }),

      GetProviderSchema: () => ({
        provider: PROVIDER_SCHEMA,
        resource_schemas: { [RESOURCE_TYPE]: OBJECT_SCHEMA },
        data_source_schemas: {},
        ephemeral_resource_schemas: {},
        functions: {},
        server_capabilities: SERVER_CAPABILITIES,
        diagnostics: [],
      }),

      ValidateProviderConfig: (req) => {
        const config = decodeDynamic(req.config, PROVIDER_TYPE);
        const dir = config && !isUnknown(config) ? config.directory : null;
        return { diagnostics: dir === '' ? [error('directory must not be empty', '', 'directory')] : [] };
      },

      ConfigureProvider: (req) => {
        const config = decodeDynamic(req.config, PROVIDER_TYPE);
        const dir = config && !isUnknown(config) ? config.directory : null;
        if (typeof dir !== 'string' || dir === '') {
          return { diagnostics: [error('directory must be a known, non-empty string', '', 'directory')] };
        }
        // Relative paths resolve against Terraform's working directory (the plugin inherits its cwd).
        this.directory = resolve(dir);
        return { diagnostics: [] };
      },

      ValidateResourceConfig: (req) => {
        this.checkType(req.type_name);
        const config = decodeDynamic(req.config, OBJECT_TYPE);
        const problem = config && !isUnknown(config) ? validName(config.name) : undefined;
        return { diagnostics: problem ? [error('Invalid name', problem, 'name')] : [] };
      },

      // Stored state is JSON of the current schema (version 0): just re-encode it as msgpack.
      UpgradeResourceState: (req) => {
        this.checkType(req.type_name);
        const json = req.raw_state?.json as Buffer | undefined;
        if (!json || json.length === 0) {
          return { diagnostics: [error('Only JSON raw state is supported (no legacy flatmap state)')] };
        }
        const state = decodeDynamic({ json }, OBJECT_TYPE);
        return { upgraded_state: encodeDynamic(isUnknown(state) ? null : state, OBJECT_TYPE), diagnostics: [] };
      },

      ReadResource: (req) => {
        this.checkType(req.type_name);
        const current = decodeDynamic(req.current_state, OBJECT_TYPE);
        const name = current && !isUnknown(current) ? current.name : null;
        // A null new_state tells Terraform the object was deleted outside of it.
        const state = typeof name === 'string' ? this.readObject(name) : null;
        return { new_state: encodeDynamic(state, OBJECT_TYPE), private: req.private, diagnostics: [] };
      },

      PlanResourceChange: (req) => {
        this.checkType(req.type_name);
        const prior = decodeDynamic(req.prior_state, OBJECT_TYPE) as ObjectValue | null;
        const proposed = decodeDynamic(req.proposed_new_state, OBJECT_TYPE) as ObjectValue | null;
        if (proposed === null) return { planned_state: encodeDynamic(null, OBJECT_TYPE), diagnostics: [] };

        // proposed_new_state = config merged with prior state for computed attributes (here: id).
        const planned: ObjectValue = { ...proposed };
        const requires_replace: object[] = [];
        if (prior === null) {
          planned.id = UNKNOWN;
        } else if (proposed.name !== prior.name) {
          // Terraform plans again with a null prior for the "create" half of the replacement.
          requires_replace.push({ steps: [{ attribute_name: 'name' }] });
          planned.id = UNKNOWN;
        } else {
          planned.id = prior.id;
        }
        return {
          planned_state: encodeDynamic(planned, OBJECT_TYPE),
          requires_replace,
          planned_private: req.prior_private,
          diagnostics: [],
        };
      },

      ApplyResourceChange: (req) => {
        this.checkType(req.type_name);
        const prior = decodeDynamic(req.prior_state, OBJECT_TYPE) as ObjectValue | null;
        const planned = decodeDynamic(req.planned_state, OBJECT_TYPE) as ObjectValue | null;
        if (prior && (planned === null || prior.name !== planned.name)) {
          rmSync(this.fileOf(prior.name), { force: true });
        }
        if (planned === null) return { new_state: encodeDynamic(null, OBJECT_TYPE), diagnostics: [] };

        const file = this.fileOf(planned.name);
        const body: FileBody = {};
        if (planned.content !== null) body.content = planned.content as Record<string, string>;
        if (planned.secret !== null) body.secret = planned.secret;
        mkdirSync(this.directory!, { recursive: true });
        writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
        // The new state must match every known planned value; only unknowns (id) get filled in.
        const state: ObjectValue = { ...planned, id: planned.name };
        return { new_state: encodeDynamic(state, OBJECT_TYPE), private: req.planned_private, diagnostics: [] };
      },

      // `terraform import jsonfile_object.x NAME`: Terraform calls ReadResource right after.
      ImportResourceState: (req) => {
        this.checkType(req.type_name);
        const problem = validName(req.id);
        if (problem) return { imported_resources: [], diagnostics: [error('Invalid import id', problem)] };
        const state = { id: req.id, name: req.id, content: null, secret: null };
        return {
          imported_resources: [{ type_name: RESOURCE_TYPE, state: encodeDynamic(state, OBJECT_TYPE) }],
          diagnostics: [],
        };
      },

      StopProvider: () => {
        this.onStop();
        return { Error: '' };
      },

      // Everything below is declared by protocol 6.8 but not offered by this provider.
      MoveResourceState: unsupported('MoveResourceState'),
      ValidateDataResourceConfig: unsupported('Data sources'),
      ReadDataSource: unsupported('Data sources'),
      ValidateEphemeralResourceConfig: unsupported('Ephemeral resources'),
      OpenEphemeralResource: unsupported('Ephemeral resources'),
      RenewEphemeralResource: unsupported('Ephemeral resources'),
      CloseEphemeralResource: noDiagnostics,
      GetFunctions: () => ({ functions: {}, diagnostics: [] }),
      CallFunction: (req) => ({ error: { text: `jsonfile has no function ${JSON.stringify(req.name)}` } }),
    };

    // Provider failures travel back as ERROR diagnostics (shown by Terraform), not gRPC errors.
    return Object.fromEntries(
      Object.entries(rpcs).map(([name, fn]) => [
        name,
        (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
          try {
            callback(null, fn(call.request));
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            process.stderr.write(`[ERROR] jsonfile: ${name}: ${message}\n`);
            callback(null, { diagnostics: [error(`jsonfile: ${name} failed`, message)] });
          }
        },
      ]),
    );
  }
}
