/**
 * App metadata cases written for this project for `npm run eval:web` (no app, package list or
 * store data was copied): scam-app profiles in the shapes fraud reports describe (labels naming a
 * payment service, bank, exchange, state body or phone maker, often under a product or group name;
 * random package names; app-builder shells; money words), and genuine packages of protected brands
 * and ordinary apps, which must not be flagged. The packages of scam profiles are invented.
 */
export type AppExpectation = 'counterfeit' | 'suspicious' | 'not-flagged';

export interface AppCase {
  readonly package: string;
  readonly label: string;
  readonly expected: AppExpectation;
  readonly brand?: string;
}

const c = (pkg: string, label: string, expected: AppExpectation, brand?: string): AppCase =>
  brand === undefined ? { package: pkg, label, expected } : { package: pkg, label, expected, brand };

export const APP_CASES: readonly AppCase[] = [
  // Counterfeits: a protected brand named in the label or imitated by the package.
  c('com.icbc.mobile.refund', '工商银行', 'counterfeit', 'icbc'),
  c('com.etc.renzheng', 'ETC认证', 'counterfeit', 'etc'),
  c('cn.waimai.lipei', '美团外卖理赔', 'counterfeit', 'meituan'),
  c('com.wx.safe', '微信安全中心', 'counterfeit', 'wechat'),
  c('com.zhifubao.tuikuan', '退款助手', 'counterfeit', 'alipay'),
  c('com.anti.fraud.center', '国家反诈中心', 'counterfeit', 'antifraud'),
  c('com.railway.refund', '12306退票', 'counterfeit', '12306'),
  c('com.ccb.loan.fast', '建设银行贷款', 'counterfeit', 'ccb'),
  c('com.paypal.secure.login', 'Secure Login', 'counterfeit', 'paypal'),
  c('com.mayi.jinrong', '蚂蚁金服', 'counterfeit', 'alipay'),
  c('com.hb.edu.quick', '花呗提额', 'counterfeit', 'alipay'),
  c('com.tx.licai', '腾讯理财通', 'counterfeit'),
  c('com.ysf.fuli', '云闪付福利版', 'counterfeit', 'unionpay'),
  c('com.dcep.wallet.app', '数字人民币钱包', 'counterfeit', 'ecny'),
  c('com.renhang.butie', '人民银行补贴', 'counterfeit', 'pbc'),
  c('com.sjs.trade', '上交所', 'counterfeit', 'sse'),
  c('com.szjys.pro', '深交所Pro', 'counterfeit', 'szse'),
  c('com.zqjys.app', '证券交易所', 'counterfeit', 'sse'),
  c('com.zjh.help', '证监会投资者保护', 'counterfeit', 'csrc'),
  c('com.gw.power.pay', '国家电网缴费', 'counterfeit', 'sgcc'),
  c('com.hm.finance', '鸿蒙金融', 'counterfeit', 'huawei'),
  c('com.hw.wallet.pro', '华为钱包Pro', 'counterfeit', 'huawei'),
  c('com.jhkd.shop.vip', '京东优选商城', 'counterfeit', 'jd'),
  c('com.tfqz.live', '抖音直播福利', 'counterfeit', 'douyin'),
  c('com.mi.fin.hyper', 'HyperOS理财', 'counterfeit', 'xiaomi'),
  c('com.cos.fin.invest', 'ColorOS理财', 'counterfeit', 'oppo'),
  c('com.vv.loan', 'vivo借钱', 'counterfeit', 'vivo'),
  c('com.yd.jifen', '中国移动积分兑换', 'counterfeit', 'chinamobile'),
  c('com.jdbt.up', '京东白条提额', 'counterfeit', 'jd'),
  c('com.tm.guanjia', '天猫客服', 'counterfeit', 'taobao'),
  c('com.dy.yuefu', '抖音月付', 'counterfeit', 'douyin'),
  c('com.gs.tuishui', '个税退税', 'counterfeit', 'chinatax'),
  c('com.binance.pro.cn', '币安Pro', 'counterfeit', 'exchanges'),
  c('com.okx.plus.global', '欧易Plus', 'counterfeit', 'exchanges'),
  c('com.ht.zhangle', '涨乐财富通', 'counterfeit', 'huatai'),
  c('com.efd.jijin', '易方达基金', 'counterfeit', 'funds'),
  c('com.pa.puhui', '平安普惠', 'counterfeit', 'pingan'),
  c('com.wzyh.wld', '微粒贷', 'counterfeit', 'webank'),
  c('com.sb.card', '电子社保卡', 'counterfeit', 'gjzwfw'),
  c('com.unionpay.quick.fuli', '快捷支付', 'counterfeit', 'unionpay'),
  c('plus.H5A7C3E19', '工银融e联', 'counterfeit', 'icbc'),
  c('uni.UNI5B2F0A1', '中行缤纷生活', 'counterfeit', 'boc'),
  // Scam-app profiles without a brand: random packages, shells, money labels.
  c('kgjaexqis.jbzblzazyg.agmohigtwd.dqqavsusb', '商城', 'suspicious'),
  c('vxqmkdlrz.pbtqwhzun.rrfkwgmx', '聊天', 'suspicious'),
  c('plus.H5E0B2C41', '优选商城', 'suspicious'),
  c('uni.UNI8A7D2C3', '同城交友', 'suspicious'),
  c('io.dcloud.H5F6A1B2', '云课堂', 'suspicious'),
  c('com.qianbao.usdt', 'USDT钱包', 'suspicious'),
  c('com.hjtz.pt', '黄金投资平台', 'suspicious'),
  c('com.xinyong.dai', '信用贷', 'suspicious'),
  c('com.jisu.xiakuan', '极速下款', 'suspicious'),
  c('com.shuzi.jiaoyisuo', '数字货币交易所', 'suspicious'),
  c('com.wh.trade.gold', '外汇交易', 'suspicious'),
  c('com.peizi.niugu', '牛股配资', 'suspicious'),
  c('com.fanli.jianzhi', '刷单兼职', 'suspicious'),
  c('com.caipiao.dashi', '彩票大师', 'suspicious'),
  c('com.tcjy.yue', '同城交友', 'suspicious'),
  c('com.yp.mall.task', '优品商城', 'suspicious'),
  c('com.renwu.jiedan', '接单赚佣金', 'suspicious'),
  c('com.a7x9k2m4q.b3n8', 'Wallet', 'suspicious'),
  // Genuine apps of protected brands and ordinary apps: not flagged.
  c('com.tencent.mm', '微信', 'not-flagged', 'wechat'),
  c('com.tencent.mobileqq', 'QQ', 'not-flagged', 'qq'),
  c('com.eg.android.AlipayGphone', '支付宝', 'not-flagged', 'alipay'),
  c('com.unionpay', '云闪付', 'not-flagged', 'unionpay'),
  c('com.icbc', '中国工商银行', 'not-flagged', 'icbc'),
  c('com.chinamworld.main', '中国建设银行', 'not-flagged', 'ccb'),
  c('com.android.bankabc', '中国农业银行', 'not-flagged', 'abc'),
  c('com.chinamworld.bocmbci', '中国银行', 'not-flagged', 'boc'),
  c('cmb.pb', '招商银行', 'not-flagged', 'cmb'),
  c('com.sgcc.wsgw.cn', '网上国网', 'not-flagged', 'sgcc'),
  c('com.greenpoint.android.mc10086.activity', '中国移动', 'not-flagged', 'chinamobile'),
  c('com.huawei.wallet', '华为钱包', 'not-flagged', 'huawei'),
  c('com.xiaomi.market', '小米应用商店', 'not-flagged', 'xiaomi'),
  c('com.xiaomi.shop', '小米商城', 'not-flagged', 'xiaomi'),
  c('com.vmall.client', '华为商城', 'not-flagged', 'huawei'),
  c('com.jd.jrapp', '京东金融', 'not-flagged', 'jd'),
  c('com.mipay.wallet', '小米钱包', 'not-flagged', 'xiaomi'),
  c('com.jingdong.app.mall', '京东', 'not-flagged', 'jd'),
  c('com.taobao.taobao', '淘宝', 'not-flagged', 'taobao'),
  c('com.sankuai.meituan', '美团', 'not-flagged', 'meituan'),
  c('com.ss.android.ugc.aweme', '抖音', 'not-flagged', 'douyin'),
  c('com.MobileTicket', '铁路12306', 'not-flagged', '12306'),
  c('cn.gov.tax.its', '个人所得税', 'not-flagged', 'chinatax'),
  c('com.hicorenational.antifraud', '国家反诈中心', 'not-flagged', 'antifraud'),
  c('com.hexin.plat.android', '同花顺', 'not-flagged', 'tonghuashun'),
  c('com.eastmoney.android.berlin', '东方财富', 'not-flagged', 'eastmoney'),
  c('com.example.notes', 'Notes', 'not-flagged'),
  c('org.fdroid.fdroid', 'F-Droid', 'not-flagged'),
  c('com.netease.cloudmusic', '网易云音乐', 'not-flagged'),
  c('com.zhihu.android', '知乎', 'not-flagged'),
  c('tv.danmaku.bili', '哔哩哔哩', 'not-flagged'),
  c('com.autonavi.minimap', '高德地图', 'not-flagged'),
  c('com.baidu.BaiduMap', '百度地图', 'not-flagged'),
  c('org.mozilla.firefox', 'Firefox', 'not-flagged'),
];
