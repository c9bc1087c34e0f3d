/**
 * China's provinces by the English names the number-block table uses, which are also the feature names of
 * the province map (`china-provinces.geo.json`), with their Chinese names, 简称 and ISO 3166-2 codes.
 */
export interface ProvinceTile {
  readonly en: string;
  /** ISO 3166-2:CN code, the English tile label */
  readonly code: string;
  readonly zh: string;
  /** short Chinese name for the tile label */
  readonly short: string;
}

export const PROVINCES: readonly ProvinceTile[] = [
  { en: 'Heilongjiang', code: 'HL', zh: '黑龙江省', short: '黑' },
  { en: 'Inner Mongolia', code: 'NM', zh: '内蒙古自治区', short: '蒙' },
  { en: 'Beijing', code: 'BJ', zh: '北京市', short: '京' },
  { en: 'Liaoning', code: 'LN', zh: '辽宁省', short: '辽' },
  { en: 'Jilin', code: 'JL', zh: '吉林省', short: '吉' },
  { en: 'Xinjiang', code: 'XJ', zh: '新疆维吾尔自治区', short: '新' },
  { en: 'Ningxia', code: 'NX', zh: '宁夏回族自治区', short: '宁' },
  { en: 'Shanxi', code: 'SX', zh: '山西省', short: '晋' },
  { en: 'Hebei', code: 'HE', zh: '河北省', short: '冀' },
  { en: 'Tianjin', code: 'TJ', zh: '天津市', short: '津' },
  { en: 'Gansu', code: 'GS', zh: '甘肃省', short: '甘' },
  { en: 'Shaanxi', code: 'SN', zh: '陕西省', short: '陕' },
  { en: 'Henan', code: 'HA', zh: '河南省', short: '豫' },
  { en: 'Shandong', code: 'SD', zh: '山东省', short: '鲁' },
  { en: 'Tibet', code: 'XZ', zh: '西藏自治区', short: '藏' },
  { en: 'Qinghai', code: 'QH', zh: '青海省', short: '青' },
  { en: 'Sichuan', code: 'SC', zh: '四川省', short: '川' },
  { en: 'Chongqing', code: 'CQ', zh: '重庆市', short: '渝' },
  { en: 'Hubei', code: 'HB', zh: '湖北省', short: '鄂' },
  { en: 'Anhui', code: 'AH', zh: '安徽省', short: '皖' },
  { en: 'Jiangsu', code: 'JS', zh: '江苏省', short: '苏' },
  { en: 'Shanghai', code: 'SH', zh: '上海市', short: '沪' },
  { en: 'Yunnan', code: 'YN', zh: '云南省', short: '云' },
  { en: 'Guizhou', code: 'GZ', zh: '贵州省', short: '贵' },
  { en: 'Hunan', code: 'HN', zh: '湖南省', short: '湘' },
  { en: 'Jiangxi', code: 'JX', zh: '江西省', short: '赣' },
  { en: 'Fujian', code: 'FJ', zh: '福建省', short: '闽' },
  { en: 'Zhejiang', code: 'ZJ', zh: '浙江省', short: '浙' },
  { en: 'Guangxi', code: 'GX', zh: '广西壮族自治区', short: '桂' },
  { en: 'Guangdong', code: 'GD', zh: '广东省', short: '粤' },
  { en: 'Hong Kong', code: 'HK', zh: '香港特别行政区', short: '港' },
  { en: 'Taiwan', code: 'TW', zh: '台湾省', short: '台' },
  { en: 'Hainan', code: 'HI', zh: '海南省', short: '琼' },
  { en: 'Macau', code: 'MO', zh: '澳门特别行政区', short: '澳' },
];

export const PROVINCE_LABELS: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
  PROVINCES.map((p) => [p.en, [p.zh, p.en] as const]),
);
