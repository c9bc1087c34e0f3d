/**
 * App metadata cases written for this project (invented packages and fingerprints) for `npm run
 * eval:web`: counterfeit apps carrying a brand's name, genuine-looking unrelated apps, official packages.
 */
export interface AppCase {
  readonly package: string;
  readonly label: string;
  readonly expected: 'counterfeit' | 'genuine' | 'unknown';
  readonly brand?: string;
}

export const APP_CASES: readonly AppCase[] = [
  { package: 'com.icbc.mobile.refund', label: '工商银行', expected: 'counterfeit', brand: 'icbc' },
  { package: 'com.etc.renzheng', label: 'ETC认证', expected: 'counterfeit', brand: 'etc' },
  { package: 'cn.waimai.lipei', label: '美团外卖理赔', expected: 'counterfeit', brand: 'meituan' },
  { package: 'com.wx.safe', label: '微信安全中心', expected: 'counterfeit', brand: 'wechat' },
  { package: 'com.zhifubao.tuikuan', label: '退款助手', expected: 'counterfeit', brand: 'alipay' },
  { package: 'com.anti.fraud.center', label: '国家反诈中心', expected: 'counterfeit', brand: 'antifraud' },
  { package: 'com.railway.refund', label: '12306退票', expected: 'counterfeit', brand: '12306' },
  { package: 'com.ccb.loan.fast', label: '建设银行贷款', expected: 'counterfeit', brand: 'ccb' },
  { package: 'com.paypal.secure.login', label: 'Secure Login', expected: 'counterfeit', brand: 'paypal' },
  { package: 'com.example.notes', label: 'Notes', expected: 'unknown' },
  { package: 'org.fdroid.fdroid', label: 'F-Droid', expected: 'unknown' },
  { package: 'com.tencent.mm', label: '微信', expected: 'unknown', brand: 'wechat' },
  { package: 'com.eg.android.AlipayGphone', label: '支付宝', expected: 'unknown', brand: 'alipay' },
];
