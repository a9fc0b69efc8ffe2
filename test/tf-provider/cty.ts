/**
 * Just enough of go-cty's wire encodings for flat objects of strings and string maps
 * (hashicorp/terraform docs/plugin-protocol/object-wire-format.md, zclconf/go-cty cty/msgpack).
 *
 * - An object is a msgpack map keyed by attribute name, and cty's decoder insists on
 *   EVERY attribute of the schema type being present ("an object with N attributes is
 *   required"): absent ones are sent as msgpack nil.
 * - A null object (no resource: prior state on create, new state on delete) is a single nil.
 * - An unknown value is a msgpack extension: cty writes plain unknowns as type 0, fixext1
 *   `d4 00 00`, and refined ones ("unknown but not null", string prefix...) as type 12 with
 *   a payload. Any extension decodes as unknown, and is kept as the original ExtData so that
 *   echoing it back (e.g. config → planned state) is byte-for-byte what Terraform sent:
 *   Terraform requires planned values of non-computed attributes to equal the config exactly.
 * - Terraform always sends msgpack; JSON is only found in raw stored state and is plain JSON
 *   (it cannot carry unknowns).
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';

/** A value not known until apply: the extension value itself. */
export type Unknown = ExtData;
/** A plain unknown, for values the provider itself leaves to apply time (computed attributes). */
export const UNKNOWN: Unknown = new ExtData(0, new Uint8Array([0]));
export const isUnknown = (v: unknown): v is Unknown => v instanceof ExtData;

export type Value = string | Record<string, string | Unknown> | null | Unknown;
export type ObjectValue = Record<string, Value>;

/** The cty types this provider uses, with their JSON type-constraint encoding (Schema.Attribute.type). */
export type AttrType = 'string' | 'map(string)';
export const typeJson = (t: AttrType): Buffer =>
  Buffer.from(JSON.stringify(t === 'string' ? 'string' : ['map', 'string']));

/** Attribute name → type: the object type of a resource or provider block. */
export type ObjectType = Record<string, AttrType>;

export interface DynamicValue {
  msgpack?: Uint8Array | null;
  json?: Uint8Array | null;
}

function fromWire(raw: unknown, t: AttrType): Value {
  if (isUnknown(raw)) return raw;
  if (raw === null || raw === undefined) return null;
  if (t === 'string') return String(raw);
  const out: Record<string, string | Unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    out[k] = isUnknown(v) ? v : String(v); // a known map may hold unknown elements
  }
  return out;
}

/** Normalises a decoded msgpack/JSON object into one that has exactly the attributes of `type`. */
export function toObject(raw: unknown, type: ObjectType): ObjectValue | null | Unknown {
  if (isUnknown(raw)) return raw;
  if (raw === null || raw === undefined) return null;
  const src = raw as Record<string, unknown>;
  return Object.fromEntries(Object.keys(type).map((name) => [name, fromWire(src[name], type[name])]));
}

/** Decodes a DynamicValue (msgpack preferred, JSON as fallback; both empty = null). */
export function decodeDynamic(dv: DynamicValue | null | undefined, type: ObjectType): ObjectValue | null | Unknown {
  if (dv?.msgpack && dv.msgpack.length > 0) return toObject(decode(dv.msgpack), type);
  if (dv?.json && dv.json.length > 0) return toObject(JSON.parse(Buffer.from(dv.json).toString('utf8')), type);
  return null;
}

/** Encodes an object (or null) as a msgpack DynamicValue with every attribute of `type` present. */
export function encodeDynamic(value: ObjectValue | null, type: ObjectType): { msgpack: Buffer } {
  if (value === null) return { msgpack: Buffer.from(encode(null)) };
  // ExtData (unknowns) encode back as the same extension; undefined becomes nil.
  const wire = Object.fromEntries(Object.keys(type).map((name) => [name, value[name] ?? null]));
  return { msgpack: Buffer.from(encode(wire)) };
}
