// JSON Schema (2020-12) from the zod types that component props use, with their descriptions.
// Small on purpose: zod's own generator covers every type and would double the core bundle;
// a type this one does not know becomes `{}` (any value) and the gates still check it.
import { globalRegistry, type $ZodType } from 'zod/v4/core';

export type JsonSchema = Record<string, unknown>;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  innerType?: $ZodType;
  element?: $ZodType;
  options?: $ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  valueType?: $ZodType;
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
  length?: number;
}

const defOf = (s: $ZodType) => s._zod.def as Def;

function applyChecks(out: JsonSchema, def: Def): void {
  const isArray = def.type === 'array';
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    switch (d.check) {
      case 'min_length':
        out[isArray ? 'minItems' : 'minLength'] = d.minimum;
        break;
      case 'max_length':
        out[isArray ? 'maxItems' : 'maxLength'] = d.maximum;
        break;
      case 'length_equals':
        out[isArray ? 'minItems' : 'minLength'] = d.length;
        out[isArray ? 'maxItems' : 'maxLength'] = d.length;
        break;
      case 'greater_than':
        out[d.inclusive ? 'minimum' : 'exclusiveMinimum'] = d.value;
        break;
      case 'less_than':
        out[d.inclusive ? 'maximum' : 'exclusiveMaximum'] = d.value;
        break;
      case 'string_format':
        if (d.format === 'regex' && d.pattern) out.pattern = d.pattern.source;
        break;
      case 'multiple_of':
        out.multipleOf = d.value;
        break;
    }
  }
}

export function toJsonSchema(schema: $ZodType): JsonSchema {
  const def = defOf(schema);
  let out: JsonSchema;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      out = toJsonSchema(def.innerType!);
      if (def.type === 'nullable') out = { anyOf: [out, { type: 'null' }] };
      break;
    case 'string':
      out = { type: 'string' };
      break;
    case 'number':
      out = { type: def.format === 'safeint' || def.format === 'int32' ? 'integer' : 'number' };
      break;
    case 'boolean':
      out = { type: 'boolean' };
      break;
    case 'null':
      out = { type: 'null' };
      break;
    case 'enum': {
      const values = Object.values(def.entries!);
      out = values.every((v) => typeof v === 'string')
        ? { type: 'string', enum: values }
        : values.every((v) => typeof v === 'number')
          ? { type: 'number', enum: values }
          : { enum: values };
      break;
    }
    case 'literal':
      out = def.values!.length === 1 ? { const: def.values![0] } : { enum: def.values };
      break;
    case 'array':
      out = { type: 'array', items: toJsonSchema(def.element!) };
      break;
    case 'union':
      out = { anyOf: def.options!.map(toJsonSchema) };
      break;
    case 'record':
      out = { type: 'object', additionalProperties: toJsonSchema(def.valueType!) };
      break;
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(def.shape!)) {
        properties[k] = toJsonSchema(v);
        if (v._zod.optin !== 'optional') required.push(k);
      }
      out = { type: 'object', properties };
      if (required.length) out.required = required;
      const strict = def.catchall && defOf(def.catchall).type === 'never';
      if (strict) out.additionalProperties = false;
      else if (def.catchall && defOf(def.catchall).type !== 'unknown')
        out.additionalProperties = toJsonSchema(def.catchall);
      break;
    }
    default:
      out = {};
  }
  applyChecks(out, def);
  const description = globalRegistry.get(schema)?.description;
  if (description) out.description = description;
  return out;
}
