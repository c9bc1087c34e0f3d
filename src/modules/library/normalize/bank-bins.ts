/**
 * A small BIN table of the large Chinese banks (6-digit issuer prefixes of their debit and credit cards),
 * public knowledge from the banks' card pages; not exhaustive — an unknown BIN only means no institution.
 */
export interface BankInfo {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly swift?: string;
}

export const BANKS: readonly BankInfo[] = [
  {
    code: 'ICBC',
    nameZh: '中国工商银行',
    nameEn: 'Industrial and Commercial Bank of China',
    swift: 'ICBKCNBJ',
  },
  { code: 'CCB', nameZh: '中国建设银行', nameEn: 'China Construction Bank', swift: 'PCBCCNBJ' },
  { code: 'ABC', nameZh: '中国农业银行', nameEn: 'Agricultural Bank of China', swift: 'ABOCCNBJ' },
  { code: 'BOC', nameZh: '中国银行', nameEn: 'Bank of China', swift: 'BKCHCNBJ' },
  { code: 'BOCOM', nameZh: '交通银行', nameEn: 'Bank of Communications', swift: 'COMMCNSH' },
  { code: 'PSBC', nameZh: '中国邮政储蓄银行', nameEn: 'Postal Savings Bank of China', swift: 'PSBCCNBJ' },
  { code: 'CMB', nameZh: '招商银行', nameEn: 'China Merchants Bank', swift: 'CMBCCNBS' },
  { code: 'CITIC', nameZh: '中信银行', nameEn: 'China CITIC Bank', swift: 'CIBKCNBJ' },
  { code: 'CEB', nameZh: '中国光大银行', nameEn: 'China Everbright Bank', swift: 'EVERCNBJ' },
  { code: 'CMBC', nameZh: '中国民生银行', nameEn: 'China Minsheng Bank', swift: 'MSBCCNBJ' },
  { code: 'CIB', nameZh: '兴业银行', nameEn: 'Industrial Bank', swift: 'FJIBCNBA' },
  { code: 'SPDB', nameZh: '上海浦东发展银行', nameEn: 'Shanghai Pudong Development Bank', swift: 'SPDBCNSH' },
  { code: 'HXB', nameZh: '华夏银行', nameEn: 'Hua Xia Bank', swift: 'HXBKCNBJ' },
  { code: 'PAB', nameZh: '平安银行', nameEn: 'Ping An Bank', swift: 'SZDBCNBS' },
  { code: 'CGB', nameZh: '广发银行', nameEn: 'China Guangfa Bank', swift: 'GDBKCN22' },
];

export const BINS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [
        'ICBC',
        '622202 622208 622200 621226 621225 621558 621559 621722 621723 620058 427018 427020 438125 524374',
      ],
      ['CCB', '622700 621700 621284 622280 436742 436745 553242 552245 589970'],
      ['ABC', '622848 622845 622846 622849 621282 622823 622836 403361 404117 519412'],
      ['BOC', '621661 621663 621785 621786 621787 621788 621789 621790 601382 456351 622760'],
      ['BOCOM', '622260 622262 622258 622259 601428 405512 521899'],
      ['PSBC', '622188 622150 622151 621799 621096 621098 621095 620062'],
      ['CMB', '622588 622575 622576 622577 621286 621483 621485 621486 410062 439225'],
      ['CITIC', '622690 622691 622692 622696 622698 621771 621773 433670 433680'],
      ['CEB', '622660 622661 622662 622663 622664 622665 622666 622667 622668 621489 621490'],
      ['CMBC', '622622 622615 622617 622618 622619 621691 415599 421393 421865 427570 427571'],
      ['CIB', '622909 622908 622901 622902 438588 438589 451289'],
      ['SPDB', '622521 622522 622523 622518 621792 621793 621795 621796 456418'],
      ['HXB', '622630 622631 622632 622633 621222 539867 523959'],
      ['PAB', '622155 622156 622157 622986 621626 623058 602907'],
      ['CGB', '622568 621462 628260 625808 625809 625810'],
    ] as const
  ).flatMap(([code, bins]) => bins.split(' ').map((bin) => [bin, code])),
);

/** Institution names and codes people write (`工商银行`, `icbc`) → the bank's code. */
export const BANK_ALIASES: ReadonlyMap<string, string> = new Map(
  BANKS.flatMap((b) => {
    const names: Array<[string, string]> = [
      [b.code.toLowerCase(), b.code],
      [b.nameZh, b.code],
      [b.nameZh.replace(/^中国/, ''), b.code],
    ];
    if (b.swift) names.push([b.swift.toLowerCase(), b.code]);
    return names;
  }),
);

/** Card brand from the leading digits (ISO/IEC 7812 ranges of the big networks). */
export const cardBrandOf = (digits: string): string | undefined => {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('62') || digits.startsWith('81')) return 'unionpay';
  if (digits.startsWith('4')) return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (four >= 3528 && four <= 3589) return 'jcb';
  if (two === 36 || two === 38 || digits.startsWith('30')) return 'diners';
  if (digits.startsWith('6011') || digits.startsWith('65')) return 'discover';
  return undefined;
};
