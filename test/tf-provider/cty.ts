/**
 * Just enough of go-cty's wire encodings for flat objects of strings and string maps
 * (hashicorp/terraform docs/plugin-protocol/object-wire-format.md, zclconf/go-cty cty/msgpack).
 *
 * - An object is a msgpack map keyed by attribute name, and cty's decoder insists on
 *   EVERY attribute of the schema type being present ("an object with N attributes is
 *   required"): absent ones are sent as msgpack nil.
 * - A null object (no resource: prior state on create, new state on delete) is a single nil.
 * - An unknown value is msgpack extension type 0; cty itself writes fixext1 `d4 00 00`.
 *   Newer Terraform may send refined unknowns as extension type 12, so any extension
 *   decodes as unknown.
 * - Terraform always sends msgpack; JSON is only found in raw stored state and is plain JSON
 *   (it cannot carry unknowns).
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';

/** Marker for a value that is not known until apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Primitive = string | null | Unknown;
export type StringMap = Record<string, string> | null | Unknown;
export type Value = Primitive | StringMap;
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

const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));

function fromWire(raw: unknown, t: AttrType): Value {
  if (raw instanceof ExtData) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (t === 'string') return String(raw);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v instanceof ExtData) return UNKNOWN; // partially unknown map: treat as wholly unknown
    out[k] = String(v);
  }
  return out;
}

/** Normalises a decoded msgpack/JSON object into one that has exactly the attributes of `type`. */
export function toObject(raw: unknown, type: ObjectType): ObjectValue | null | Unknown {
  if (raw instanceof ExtData) return UNKNOWN;
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
  const wire: Record<string, unknown> = {};
  for (const name of Object.keys(type)) {
    const v = value[name];
    wire[name] = v === UNKNOWN ? UNKNOWN_EXT : (v ?? null);
  }
  return { msgpack: Buffer.from(encode(wire)) };
}
