/**
 * A protected brand: what fraud imitates. Data, not code — analysts edit brands through the brands
 * routes and the web detectors read the current list.
 */
export const BRAND_SECTORS = [
  'bank',
  'payment',
  'ecommerce',
  'delivery',
  'social',
  'telecom',
  'government',
  'transport',
  'technology',
  'logistics',
] as const;
export type BrandSector = (typeof BRAND_SECTORS)[number];

export interface Brand {
  /** Stable lower-case id, e.g. `icbc`. */
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly sector: BrandSector;
  /** Registrable domains the brand owns; a host equal to or under one of them is the brand's own. */
  readonly officialDomains: readonly string[];
  /** Latin tokens a look-alike domain would carry (brand labels, abbreviations, hotline numbers). */
  readonly domainTokens: readonly string[];
  /** Pinyin spellings and initials fraud uses instead of the brand's Latin name (`gongshang`, `zfb`). */
  readonly pinyinTokens: readonly string[];
  /** Names as they appear on a page or app label (Chinese and English), matched case-insensitively. */
  readonly names: readonly string[];
  /** Android package names of the brand's official apps. */
  readonly packages: readonly string[];
  /** SHA-256 (lower-case hex) of the official apps' signing certificates, where publicly known. */
  readonly certSha256: readonly string[];
  /** The taxonomy code impersonating this brand usually falls under. */
  readonly fraudType: string;
}
