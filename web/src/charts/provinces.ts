/**
 * A tile-grid map of China's provinces (one square per province, placed roughly where it lies): a
 * recognised dashboard technique that needs no boundary GeoJSON, so nothing is fetched at run time and
 * no licensed map data ships. Keys are the English names the number-block table uses.
 */
export interface ProvinceTile {
  readonly en: string;
  /** ISO 3166-2:CN code, the English tile label */
  readonly code: string;
  readonly zh: string;
  /** short Chinese name for the tile label */
  readonly short: string;
  readonly col: number;
  readonly row: number;
}

export const PROVINCES: readonly ProvinceTile[] = [
  { en: 'Heilongjiang', code: 'HL', zh: '黑龙江省', short: '黑', col: 7, row: 0 },
  { en: 'Inner Mongolia', code: 'NM', zh: '内蒙古自治区', short: '蒙', col: 4, row: 1 },
  { en: 'Beijing', code: 'BJ', zh: '北京市', short: '京', col: 5, row: 1 },
  { en: 'Liaoning', code: 'LN', zh: '辽宁省', short: '辽', col: 6, row: 1 },
  { en: 'Jilin', code: 'JL', zh: '吉林省', short: '吉', col: 7, row: 1 },
  { en: 'Xinjiang', code: 'XJ', zh: '新疆维吾尔自治区', short: '新', col: 0, row: 2 },
  { en: 'Ningxia', code: 'NX', zh: '宁夏回族自治区', short: '宁', col: 3, row: 2 },
  { en: 'Shanxi', code: 'SX', zh: '山西省', short: '晋', col: 4, row: 2 },
  { en: 'Hebei', code: 'HE', zh: '河北省', short: '冀', col: 5, row: 2 },
  { en: 'Tianjin', code: 'TJ', zh: '天津市', short: '津', col: 6, row: 2 },
  { en: 'Gansu', code: 'GS', zh: '甘肃省', short: '甘', col: 2, row: 3 },
  { en: 'Shaanxi', code: 'SN', zh: '陕西省', short: '陕', col: 3, row: 3 },
  { en: 'Henan', code: 'HA', zh: '河南省', short: '豫', col: 4, row: 3 },
  { en: 'Shandong', code: 'SD', zh: '山东省', short: '鲁', col: 5, row: 3 },
  { en: 'Tibet', code: 'XZ', zh: '西藏自治区', short: '藏', col: 0, row: 4 },
  { en: 'Qinghai', code: 'QH', zh: '青海省', short: '青', col: 1, row: 4 },
  { en: 'Sichuan', code: 'SC', zh: '四川省', short: '川', col: 2, row: 4 },
  { en: 'Chongqing', code: 'CQ', zh: '重庆市', short: '渝', col: 3, row: 4 },
  { en: 'Hubei', code: 'HB', zh: '湖北省', short: '鄂', col: 4, row: 4 },
  { en: 'Anhui', code: 'AH', zh: '安徽省', short: '皖', col: 5, row: 4 },
  { en: 'Jiangsu', code: 'JS', zh: '江苏省', short: '苏', col: 6, row: 4 },
  { en: 'Shanghai', code: 'SH', zh: '上海市', short: '沪', col: 7, row: 4 },
  { en: 'Yunnan', code: 'YN', zh: '云南省', short: '云', col: 1, row: 5 },
  { en: 'Guizhou', code: 'GZ', zh: '贵州省', short: '贵', col: 2, row: 5 },
  { en: 'Hunan', code: 'HN', zh: '湖南省', short: '湘', col: 3, row: 5 },
  { en: 'Jiangxi', code: 'JX', zh: '江西省', short: '赣', col: 4, row: 5 },
  { en: 'Fujian', code: 'FJ', zh: '福建省', short: '闽', col: 5, row: 5 },
  { en: 'Zhejiang', code: 'ZJ', zh: '浙江省', short: '浙', col: 6, row: 5 },
  { en: 'Guangxi', code: 'GX', zh: '广西壮族自治区', short: '桂', col: 2, row: 6 },
  { en: 'Guangdong', code: 'GD', zh: '广东省', short: '粤', col: 3, row: 6 },
  { en: 'Hong Kong', code: 'HK', zh: '香港特别行政区', short: '港', col: 4, row: 6 },
  { en: 'Taiwan', code: 'TW', zh: '台湾省', short: '台', col: 6, row: 6 },
  { en: 'Hainan', code: 'HI', zh: '海南省', short: '琼', col: 2, row: 7 },
  { en: 'Macau', code: 'MO', zh: '澳门特别行政区', short: '澳', col: 3, row: 7 },
];

export const PROVINCE_LABELS: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
  PROVINCES.map((p) => [p.en, [p.zh, p.en] as const]),
);

export const GRID_COLS = 8;
export const GRID_ROWS = 8;
