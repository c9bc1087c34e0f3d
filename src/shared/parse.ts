/** Small parsers for values that come back from storage or input as plain strings (parse, don't cast). */

/** Whether `v` is one of `allowed`. */
export const isOneOf = <T extends string>(allowed: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v);

/** A parser that accepts one of `allowed` and throws on anything else (stored data that must be valid). */
export const enumParser =
  <T extends string>(allowed: readonly T[], what: string) =>
  (v: unknown): T => {
    if (isOneOf(allowed, v)) return v;
    throw new Error(`unexpected ${what}: ${String(v)}`);
  };

export const parseJsonObject = (text: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through: stored text that is not an object is kept under `value`
  }
  return { value: text };
};

export const parseStringArray = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  } catch {
    // not an array: no reasons
  }
  return [];
};
