/**
 * Province and city of Chinese numbers from public number-block data (tables/SOURCE.md). Decoded once,
 * lazily, into a flat Uint16Array so a lookup on the hot path is two array reads.
 */
import blocks from './tables/number-blocks.json' with { type: 'json' };

export interface Place {
  readonly province: string;
  readonly city: string;
  readonly provinceEn: string;
}

const SEGMENT_BASE = 100; // segments 100..199 → 100 × 10,000 blocks
let mobileIndex: Uint16Array | undefined;
let places: readonly Place[] | undefined;
let areaCodes: ReadonlyMap<string, number> | undefined;

const load = (): void => {
  places = blocks.places.map(([province = '', city = '', provinceEn = '']) => ({
    province,
    city,
    provinceEn,
  }));
  areaCodes = new Map(Object.entries(blocks.areaCodes));
  const index = new Uint16Array(100 * 10_000);
  for (const [segment, runs] of Object.entries(blocks.mobile)) {
    let at = (Number(segment) - SEGMENT_BASE) * 10_000;
    for (const run of runs.split(',')) {
      const [place = '0', count = '0'] = run.split('.');
      const n = parseInt(count, 36);
      index.fill(parseInt(place, 36), at, at + n);
      at += n;
    }
  }
  mobileIndex = index;
};

/** Place of an 11-digit mobile number's 7-digit block (`13908710000` → 云南省 昆明市), if known. */
export const placeOfMobile = (national: string): Place | undefined => {
  if (!mobileIndex) load();
  let prefix = 0; // the first 7 digits as a number, without allocating substrings
  for (let i = 0; i < 7; i++) prefix = prefix * 10 + national.charCodeAt(i) - 48;
  const at = prefix - SEGMENT_BASE * 10_000;
  if (!(at >= 0 && at < 100 * 10_000)) return undefined;
  const id = mobileIndex?.[at] ?? 0;
  return id === 0 ? undefined : places?.[id - 1];
};

/**
 * Place of a fixed-line area code without the trunk 0 (`871` → 云南省 昆明市), if known. The data holds a
 * few two-digit prefixes that stand for a whole 3-digit range (`33` for 33x), hence the fallback.
 */
export const placeOfAreaCode = (areaCode: string): Place | undefined => {
  if (!areaCodes) load();
  const id =
    areaCodes?.get(areaCode) ?? (areaCode.length === 3 ? areaCodes?.get(areaCode.slice(0, 2)) : undefined);
  return id === undefined ? undefined : places?.[id - 1];
};
