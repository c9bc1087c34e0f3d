/**
 * Places as data. Key regions (重点地区) are where fraud compounds across the border reach the
 * domestic network: numbers entering them without a 报备 pre-registration are the 踢网 model's
 * subjects. The list follows the border prefectures named in public anti-fraud campaigns; operators
 * edit it, the code never names a region.
 */
export interface KeyRegion {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** City names as they appear in records (the `city` field). */
  readonly cities: readonly string[];
  readonly why: string;
}

export const KEY_REGIONS: readonly KeyRegion[] = [
  {
    code: 'puer',
    nameZh: '普洱',
    nameEn: "Pu'er",
    cities: ['普洱', 'Puer'],
    why: 'Yunnan prefecture on the Myanmar border',
  },
  {
    code: 'xishuangbanna',
    nameZh: '西双版纳',
    nameEn: 'Xishuangbanna',
    cities: ['西双版纳', 'Xishuangbanna'],
    why: 'borders Myanmar and Laos',
  },
  {
    code: 'lincang',
    nameZh: '临沧',
    nameEn: 'Lincang',
    cities: ['临沧', 'Lincang'],
    why: 'borders Myanmar (Kokang)',
  },
  {
    code: 'dehong',
    nameZh: '德宏',
    nameEn: 'Dehong',
    cities: ['德宏', 'Dehong'],
    why: 'borders Myanmar (Ruili crossing)',
  },
  {
    code: 'baoshan',
    nameZh: '保山',
    nameEn: 'Baoshan',
    cities: ['保山', 'Baoshan'],
    why: 'borders Myanmar (Tengchong)',
  },
  {
    code: 'chongzuo',
    nameZh: '崇左',
    nameEn: 'Chongzuo',
    cities: ['崇左', 'Chongzuo'],
    why: 'Guangxi, borders Vietnam',
  },
];

/** city → region code, built once. */
export const keyRegionOfCity = (regions: readonly KeyRegion[]): ReadonlyMap<string, string> =>
  new Map(regions.flatMap((r) => r.cities.map((c) => [c, r.code] as const)));

/** Cities of the simulated home province (Sichuan, as in the competition data) and far-away cities. */
export const HOME_CITIES = [
  '成都',
  '绵阳',
  '德阳',
  '南充',
  '宜宾',
  '自贡',
  '乐山',
  '泸州',
  '达州',
  '内江',
] as const;
export const FAR_CITIES = ['广州', '深圳', '东莞', '厦门', '海口', '南宁', '昆明', '福州'] as const;
