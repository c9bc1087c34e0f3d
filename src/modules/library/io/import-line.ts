/**
 * One line of a CSV or JSONL import → a `ClaimInput`, or the line, field and reason it was refused. Pure:
 * the service normalises values and writes claims; this file only decides what a line says.
 *
 * Fields (CSV header or JSON keys, snake_case or camelCase): type?, value, verdict (or claim_verdict, which
 * wins), fraud_type, confidence,
 * sharing, source, valid_until, evidence (and `attributes` in JSONL). A `normalized` column, as our own
 * exports carry, wins over `value`, so an export re-imports exactly.
 */
import { fieldNestedTooDeep, MAX_JSON_DEPTH } from '../../../shared/json-depth.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { FRAUD_TYPES } from '../../taxonomy/fraud-types.data.ts';
import {
  isResourceType,
  type AttributeValue,
  type ClaimInput,
  type ClaimVerdict,
  type Sharing,
} from '../library.types.ts';
import { inferTypes } from '../normalize/index.ts';

export type ImportFormat = 'csv' | 'jsonl';
export interface ImportProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}
export type ImportLineResult = Result<ClaimInput, ImportProblem>;

const FIELDS = [
  'type',
  'value',
  'normalized',
  'verdict',
  'claim_verdict',
  'fraud_type',
  'confidence',
  'sharing',
  'source',
  'valid_until',
  'evidence',
  'attributes',
] as const;
type ImportField = (typeof FIELDS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);
const isImportField = (name: string): name is ImportField => FIELD_SET.has(name);

/** `fraudType`, `Fraud Type`, `fraud-type` → `fraud_type`. */
const toFieldName = (raw: string): string =>
  raw
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();

/** Every JSONL line repeats the same few keys: each is rewritten once (bounded, so odd files cannot grow it). */
const FIELD_NAMES = new Map<string, string>();
const fieldName = (raw: string): string => {
  let name = FIELD_NAMES.get(raw);
  if (name === undefined) {
    name = toFieldName(raw);
    if (FIELD_NAMES.size < 1000) FIELD_NAMES.set(raw, name);
  }
  return name;
};

export interface CsvHeader {
  /** The import field of each column, or undefined for a column that is not ours (kept for export round trips). */
  readonly columns: ReadonlyArray<ImportField | undefined>;
}

export const parseCsvHeader = (fields: readonly string[], line = 1): Result<CsvHeader, ImportProblem> => {
  const columns = fields.map((f) => {
    const name = fieldName(f);
    return isImportField(name) ? name : undefined;
  });
  if (!columns.includes('value') && !columns.includes('normalized')) {
    return err({ line, field: 'value', message: 'the header has no value column' });
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === undefined) continue;
    if (seen.has(c)) return err({ line, field: c, message: `column ${c} appears twice` });
    seen.add(c);
  }
  return ok({ columns });
};

const MAX_VALUE = 4096;
const MAX_EVIDENCE = 16_384;
const DEFAULT_CONFIDENCE = 0.8;

const VERDICTS: ReadonlyMap<string, ClaimVerdict> = new Map([
  ['fraud', 'fraud'],
  ['suspicious', 'suspicious'],
  ['benign', 'benign'],
  ['allowed', 'benign'], // our exports' value-level verdict
  ['诈骗', 'fraud'],
  ['涉诈', 'fraud'],
  ['可疑', 'suspicious'],
  ['正常', 'benign'],
]);
const SHARING: ReadonlySet<string> = new Set<Sharing>(['private', 'members', 'public']);
const isSharing = (s: string): s is Sharing => SHARING.has(s);

/** Fraud-type code from its code, Chinese name (with or without the trailing 类) or English name. */
const FRAUD_TYPE_BY_NAME: ReadonlyMap<string, string> = new Map(
  FRAUD_TYPES.flatMap((t) => [
    [t.code, t.code],
    [t.nameZh, t.code],
    [t.nameZh.replace(/类$/, ''), t.code],
    [t.nameEn.toLowerCase(), t.code],
  ]),
);

type Fields = Partial<Record<ImportField, unknown>>;

/** One property per field (not a computed key): every line's `Fields` then has the same few shapes. */
const setField = (fields: Fields, name: string, v: unknown): void => {
  switch (name) {
    case 'type':
      fields.type = v;
      break;
    case 'value':
      fields.value = v;
      break;
    case 'normalized':
      fields.normalized = v;
      break;
    case 'verdict':
      fields.verdict = v;
      break;
    case 'claim_verdict':
      fields.claim_verdict = v;
      break;
    case 'fraud_type':
      fields.fraud_type = v;
      break;
    case 'confidence':
      fields.confidence = v;
      break;
    case 'sharing':
      fields.sharing = v;
      break;
    case 'source':
      fields.source = v;
      break;
    case 'valid_until':
      fields.valid_until = v;
      break;
    case 'evidence':
      fields.evidence = v;
      break;
    case 'attributes':
      fields.attributes = v;
      break;
  }
};
type Problem = { readonly field: string; readonly message: string };

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Parsed<T> = Result<T | undefined, Problem>;
/** The answer for an absent optional field, shared rather than allocated per line. */
const ABSENT = ok(undefined);

const parseValidUntil = (v: unknown): Parsed<number> => {
  if (v === undefined || v === null || v === '') return ABSENT;
  let ms = NaN;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') ms = /^\d{10,13}$/.test(v.trim()) ? Number(v.trim()) : Date.parse(v.trim());
  if (!Number.isFinite(ms) || ms <= 0) {
    return err({ field: 'valid_until', message: 'valid_until must be an ISO date or epoch milliseconds' });
  }
  return ok(ms);
};

const evidenceTooLong: Problem = {
  field: 'evidence',
  message: `evidence is at most ${MAX_EVIDENCE} characters`,
};

const parseEvidence = (v: unknown): Parsed<Readonly<Record<string, unknown>>> => {
  if (v === undefined || v === null || v === '') return ABSENT;
  if (typeof v === 'string') {
    if (v.length > MAX_EVIDENCE) return err(evidenceTooLong);
    if (!v.trim().startsWith('{')) return ok({ note: v.trim() });
    try {
      const parsed: unknown = JSON.parse(v);
      if (fieldNestedTooDeep(parsed) !== undefined)
        return err({ field: 'evidence', message: `evidence is nested deeper than ${MAX_JSON_DEPTH} levels` });
      if (isRecord(parsed)) return ok(parsed);
      return err({ field: 'evidence', message: 'evidence must be a JSON object or a note' });
    } catch {
      return err({ field: 'evidence', message: 'evidence starts with { but is not valid JSON' });
    }
  }
  if (!isRecord(v)) return err({ field: 'evidence', message: 'evidence must be an object' });
  return JSON.stringify(v).length > MAX_EVIDENCE ? err(evidenceTooLong) : ok(v);
};

const parseAttributes = (v: unknown): Parsed<Record<string, AttributeValue>> => {
  if (v === undefined || v === null) return ABSENT;
  if (!isRecord(v)) return err({ field: 'attributes', message: 'attributes must be an object' });
  const out: Record<string, AttributeValue> = {};
  for (const [k, a] of Object.entries(v)) {
    if (typeof a !== 'string' && typeof a !== 'boolean' && !(typeof a === 'number' && Number.isFinite(a))) {
      return err({ field: `attributes.${k}`, message: 'attribute values are strings, numbers or booleans' });
    }
    out[k] = a;
  }
  return ok(out);
};

const fraudTypeOf = (name: string): string | undefined =>
  FRAUD_TYPE_BY_NAME.get(name) ?? FRAUD_TYPE_BY_NAME.get(name.toLowerCase());

// Module-level rather than a closure per line: the import path reads hundreds of thousands of lines.
const fail = (line: number, field: string, message: string): ImportLineResult =>
  err({ line, field, message });

const claimFrom = (fields: Fields, line: number): ImportLineResult => {
  const value = text(fields.normalized) ?? text(fields.value);
  if (value === undefined) return fail(line, 'value', 'value is required');
  if (value.length > MAX_VALUE) return fail(line, 'value', `value is at most ${MAX_VALUE} characters`);

  const typeText = text(fields.type)?.toLowerCase();
  const type = typeText ?? inferTypes(value)[0];
  if (type === undefined)
    return fail(line, 'type', 'the type cannot be inferred from the value; give a type column');
  if (!isResourceType(type)) return fail(line, 'type', `unknown type ${type.slice(0, 40)}`);

  // Our exports carry the library's verdict (which may be `unknown`) and, apart, the claims' verdict.
  const verdictText = (text(fields.claim_verdict) ?? text(fields.verdict))?.toLowerCase();
  const verdict = verdictText === undefined ? 'fraud' : VERDICTS.get(verdictText);
  if (!verdict) return fail(line, 'verdict', 'verdict is fraud, suspicious or benign');

  const fraudTypeText = text(fields.fraud_type);
  const fraudType = fraudTypeText === undefined ? undefined : fraudTypeOf(fraudTypeText);
  if (fraudTypeText !== undefined && fraudType === undefined) {
    return fail(
      line,
      'fraud_type',
      `unknown fraud type ${fraudTypeText.slice(0, 60)}; use a taxonomy code or its name`,
    );
  }

  const confidenceText = text(fields.confidence);
  const confidence = confidenceText === undefined ? DEFAULT_CONFIDENCE : Number(confidenceText);
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    return fail(line, 'confidence', 'confidence is a number from 0 to 1');
  }

  const sharingText = text(fields.sharing)?.toLowerCase();
  let sharing: Sharing | undefined;
  if (sharingText !== undefined) {
    if (!isSharing(sharingText)) return fail(line, 'sharing', 'sharing is private, members or public');
    sharing = sharingText;
  }

  const source = text(fields.source) ?? 'import';
  if (source.length > 100) return fail(line, 'source', 'source is at most 100 characters');

  const validUntil = parseValidUntil(fields.valid_until);
  if (!validUntil.ok) return fail(line, validUntil.error.field, validUntil.error.message);
  const evidence = parseEvidence(fields.evidence);
  if (!evidence.ok) return fail(line, evidence.error.field, evidence.error.message);
  const attributes = parseAttributes(fields.attributes);
  if (!attributes.ok) return fail(line, attributes.error.field, attributes.error.message);

  return ok({
    type,
    value,
    verdict,
    fraudType,
    confidence,
    sharing,
    source,
    validUntil: validUntil.value,
    evidence: evidence.value,
    attributes: attributes.value,
  });
};

/** A JSONL line (its text) or a CSV record (its fields, read against the header) → a claim or a problem. */
export function parseImportLine(format: 'jsonl', input: string, line: number): ImportLineResult;
export function parseImportLine(
  format: 'csv',
  input: readonly string[],
  line: number,
  header: CsvHeader,
): ImportLineResult;
export function parseImportLine(
  format: ImportFormat,
  input: string | readonly string[],
  line: number,
  header?: CsvHeader,
): ImportLineResult {
  if (format === 'jsonl') {
    if (typeof input !== 'string') return err({ line, field: 'line', message: 'expected a line of text' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      // JSON.parse itself gives up on very deep nesting (a RangeError): still this line's problem only.
      const deep = e instanceof RangeError;
      return err({
        line,
        field: 'line',
        message: deep ? `nested deeper than ${MAX_JSON_DEPTH} levels` : 'not valid JSON',
      });
    }
    if (!isRecord(parsed)) return err({ line, field: 'line', message: 'each line must be a JSON object' });
    const deep = fieldNestedTooDeep(parsed);
    if (deep !== undefined)
      return err({
        line,
        field: deep.split('.')[0] ?? deep,
        message: `nested deeper than ${MAX_JSON_DEPTH} levels`,
      });
    const fields: Fields = {};
    for (const k of Object.keys(parsed)) setField(fields, fieldName(k), parsed[k]);
    return claimFrom(fields, line);
  }
  if (typeof input === 'string' || !header)
    return err({ line, field: 'line', message: 'a CSV record needs the header' });
  if (input.length > header.columns.length) {
    return err({
      line,
      field: 'line',
      message: `${input.length} fields but the header has ${header.columns.length}`,
    });
  }
  const fields: Fields = {};
  header.columns.forEach((column, i) => {
    if (column !== undefined && column !== 'attributes') fields[column] = input[i];
  });
  return claimFrom(fields, line);
}

/**
 * An unbalanced quote swallows the lines up to the next quote into one field: a field that spans lines
 * and holds a line that reads as a record of this file (a known type where the header has a type column,
 * or as many fields as the header with a known verdict) is reported rather than imported as one value.
 */
export const swallowedRecords = (fields: readonly string[], header: CsvHeader): boolean => {
  const typeAt = header.columns.indexOf('type');
  const verdictAt = header.columns.indexOf('verdict');
  if (typeAt < 0 && verdictAt < 0) return false;
  for (const field of fields) {
    if (!field.includes('\n')) continue;
    for (const line of field.split('\n').slice(1)) {
      const parts = line.split(',');
      // A swallowed record's own closing fields may sit after the quote: its type alone gives it away.
      if (
        typeAt >= 0 &&
        parts.length > typeAt + 1 &&
        isResourceType((parts[typeAt] ?? '').trim().toLowerCase())
      )
        return true;
      if (
        parts.length === header.columns.length &&
        verdictAt >= 0 &&
        VERDICTS.has((parts[verdictAt] ?? '').trim().toLowerCase())
      )
        return true;
    }
  }
  return false;
};
