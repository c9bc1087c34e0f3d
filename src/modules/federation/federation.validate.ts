/**
 * Validation of STIX 2.1 objects against the OASIS JSON schemas (copied beside this file, with their
 * licence) and against the JSON schemas of fanzha's own extensions. Each object is checked against the
 * schema of its type, so a rejection names the object and the field rather than a bundle-wide `oneOf`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CLAIM_EXTENSION, CLAIM_EXTENSION_SCHEMA, EXTENSION_SCHEMAS } from './federation.stix.ts';

const SCHEMA_ROOT = join(import.meta.dirname, 'stix2-schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** The OASIS folder each standard type's schema lives in. */
const FOLDERS = ['sdos', 'sros', 'observables', 'common'] as const;

export interface StixProblem {
  /** The object's id (or its index in the bundle when it has no usable id). */
  readonly object: string;
  /** The offending property, as a JSON path inside the object (`pattern`, `extensions/…/value`). */
  readonly field: string;
  readonly message: string;
}

export interface StixValidator {
  /** The problems of one object; empty when it is valid. */
  check(object: unknown, index: number): StixProblem[];
}

/**
 * The OASIS schemas spell "a lower-case name" as `([a-z][a-z0-9]*)+`, a nested quantifier that
 * backtracks exponentially in the length of a name that then fails to match (every
 * `extension-definition--…` key is tried against the `…-ext` property pattern): 2,000 objects took
 * 1.5 s. `[a-z][a-z0-9]*` accepts exactly the same strings in linear time, so the schemas are read
 * with it instead, in patterns and in pattern-property names alike.
 */
const NESTED = '([a-z][a-z0-9]*)+';
const linear = (node: unknown): unknown => {
  if (typeof node === 'string') return node.split(NESTED).join('[a-z][a-z0-9]*');
  if (Array.isArray(node)) return node.map(linear);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k.split(NESTED).join('[a-z][a-z0-9]*'), linear(v)]),
  );
};

export const createStixValidator = (): StixValidator => {
  const ajv = new Ajv2020({ strict: false, unicodeRegExp: false, allErrors: false });
  addFormats.default(ajv);
  // ajv-formats has no `idn-hostname`; domain names are checked by the library's normaliser instead.
  ajv.addFormat('idn-hostname', true);
  const byType = new Map<string, ValidateFunction>();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(SCHEMA_ROOT, folder))) {
      if (!file.endsWith('.json')) continue;
      const schema = linear(JSON.parse(readFileSync(join(SCHEMA_ROOT, folder, file), 'utf8'))) as {
        $id: string;
      };
      ajv.addSchema(schema);
    }
  }
  const compiled = (id: string): ValidateFunction => {
    const v = ajv.getSchema(id);
    if (!v) throw new Error(`STIX schema ${id} is missing`);
    return v;
  };
  for (const folder of FOLDERS)
    for (const file of readdirSync(join(SCHEMA_ROOT, folder)))
      if (file.endsWith('.json') && folder !== 'common')
        byType.set(file.slice(0, -'.json'.length), compiled(`${BASE}${folder}/${file}`));
  byType.set('extension-definition', compiled(`${BASE}common/extension-definition.json`));
  byType.set('marking-definition', compiled(`${BASE}common/marking-definition.json`));
  const observableCore = compiled(`${BASE}common/cyber-observable-core.json`);
  const custom = new Map(
    Object.entries(EXTENSION_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
  );

  const claimExtension = ajv.compile(CLAIM_EXTENSION_SCHEMA);

  const problemsOf = (v: ValidateFunction, object: string): StixProblem[] =>
    (v.errors ?? []).slice(0, 1).map((e) => {
      const missing =
        e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : '';
      const path = e.instancePath.replace(/^\//, '');
      return {
        object,
        field: [path, missing].filter(Boolean).join('/') || 'type',
        message: e.message ?? 'is not valid',
      };
    });

  return {
    check(object, index) {
      if (typeof object !== 'object' || object === null || Array.isArray(object))
        return [{ object: `objects/${index}`, field: 'type', message: 'must be a STIX object' }];
      const o = object as { id?: unknown; type?: unknown };
      const name = typeof o.id === 'string' && o.id.length <= 300 ? o.id : `objects/${index}`;
      if (typeof o.type !== 'string') return [{ object: name, field: 'type', message: 'must be a string' }];
      const own = custom.get(o.type);
      if (own) {
        if (!observableCore(object)) return problemsOf(observableCore, name);
        return own(object) ? [] : problemsOf(own, name);
      }
      const v = byType.get(o.type);
      if (!v) return [{ object: name, field: 'type', message: `fanzha does not read STIX type ${o.type}` }];
      if (!v(object)) return problemsOf(v, name);
      const ext = (object as { extensions?: Record<string, unknown> }).extensions?.[CLAIM_EXTENSION];
      if (ext !== undefined && !claimExtension(ext))
        return problemsOf(claimExtension, name).map((p) => ({
          ...p,
          field: `extensions/${CLAIM_EXTENSION}/${p.field === 'type' ? '' : p.field}`.replace(/\/$/, ''),
        }));
      return [];
    },
  };
};
