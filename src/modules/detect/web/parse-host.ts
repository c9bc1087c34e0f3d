/**
 * tldts `parse` of a host name, remembering the last two: one URL check parses the same host up to
 * three times (URL features, the look-alike matcher, the restricted-suffix check), and parsing is a
 * large share of its cost. The result is shared between callers, so it is read-only.
 */
import { parse } from 'tldts';

export type ParsedHost = Readonly<ReturnType<typeof parse>>;

let lastHost: string | undefined;
let lastResult: ParsedHost | undefined;
let prevHost: string | undefined;
let prevResult: ParsedHost | undefined;

export const parseHost = (host: string): ParsedHost => {
  if (host === lastHost && lastResult) return lastResult;
  if (host === prevHost && prevResult) return prevResult;
  const result = parse(host);
  prevHost = lastHost;
  prevResult = lastResult;
  lastHost = host;
  lastResult = result;
  return result;
};
