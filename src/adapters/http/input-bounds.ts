/**
 * Bounds every request must respect before its own schema looks at it, so that odd input is a 400 naming
 * the field rather than a database or stack error:
 * - integers in query strings, path parameters and bodies stay within what both databases and JavaScript
 *   hold exactly (`offset=9223372036854775808` or `1e308` would overflow a bigint or lose precision);
 * - JSON bodies nest at most `MAX_JSON_DEPTH` levels (evidence nested thousands deep would exhaust the
 *   stack of every recursive step after parsing: validation, serialisation, hashing).
 */
import { DomainError } from '../../shared/errors.ts';
import { fieldNestedTooDeep, MAX_JSON_DEPTH } from '../../shared/json-depth.ts';

type SchemaNode = Record<string, unknown>;
const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds safe-integer bounds to every integer in a JSON schema that has none (in place; idempotent). */
export const boundIntegers = (schema: unknown): void => {
  const stack: unknown[] = [schema];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isNode(node) || seen.has(node)) continue;
    seen.add(node);
    if (node.type === 'integer') {
      if (node.maximum === undefined && node.exclusiveMaximum === undefined)
        node.maximum = Number.MAX_SAFE_INTEGER;
      if (node.minimum === undefined && node.exclusiveMinimum === undefined)
        node.minimum = Number.MIN_SAFE_INTEGER;
    }
    for (const key of ['properties', 'patternProperties', '$defs', 'definitions'])
      if (isNode(node[key])) stack.push(...Object.values(node[key]));
    for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'])
      stack.push(node[key]);
    for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'])
      if (Array.isArray(node[key])) stack.push(...(node[key] as unknown[]));
  }
};

/** Throws a 400 naming the field of the first value nested deeper than `max` levels. */
export const checkDepth = (body: unknown, max = MAX_JSON_DEPTH): void => {
  const field = fieldNestedTooDeep(body, max);
  if (field !== undefined)
    throw new DomainError(
      'invalid_input',
      `${field || 'body'}: nested deeper than ${max} levels`,
      field || 'body',
    );
};
