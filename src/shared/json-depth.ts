/**
 * How deep parsed JSON nests, found without recursion: a value nested thousands of levels deep would
 * exhaust the stack of every recursive step after parsing (validation, JSON.stringify, hashing).
 */

/** At most this deep: far beyond any evidence or attributes a person or a feed writes. */
export const MAX_JSON_DEPTH = 64;

/**
 * The field holding the first value nested deeper than `max` levels — its path cut to the first three
 * steps, the field a client wrote (`claims.0.evidence`) rather than the whole path — or undefined.
 */
export const fieldNestedTooDeep = (value: unknown, max = MAX_JSON_DEPTH): string | undefined => {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth >= max) return top.path.split('.').slice(0, 3).join('.');
    const entries: Array<[string, unknown]> = Array.isArray(top.value)
      ? top.value.map((v, i) => [String(i), v])
      : Object.entries(top.value);
    for (const [k, v] of entries)
      if (typeof v === 'object' && v !== null)
        stack.push({ value: v, path: top.path ? `${top.path}.${k}` : k, depth: top.depth + 1 });
  }
  return undefined;
};
