/**
 * The protected-brand dictionary of the app detector, written for this project from public
 * knowledge of the brands and their official Android packages (cross-checked against the brand lists
 * of v2fly domain-list-community for names): payment services under their groups' and products'
 * names, banks, exchanges, brokers and funds, state services and utilities, phone makers under
 * their OS names, e-commerce, delivery and platforms. Names are matched inside labels
 * (case-insensitive for Latin, as whole words); `packages` are the brand's own package names, and
 * for device and platform vendors that publish many apps, namespaces (`com.huawei.` covers the
 * packages under it, unless the app has a scam app's profile). It adds to the analysts' table.
 */
export interface AppBrand {
  readonly id: string;
  readonly nameZh: string;
  readonly fraudType: string;
  /** Label names and variants: group, products, abbreviations, OS names. */
  readonly names: readonly string[];
  /** Official package names; one ending in `.` is a namespace. */
  readonly packages: readonly string[];
  /** Latin tokens a package segment would carry when it imitates the brand. */
  readonly tokens: readonly string[];
}

const CS = 'fake_customer_service';
const GOV = 'impersonate_authority';
const INVEST = 'fake_investment';
const LOAN = 'fake_loan';
const SHOP = 'fake_shopping_service';

// id | nameZh | fraud type | names | packages | package tokens
const ROWS: readonly (readonly [string, string, string, string, string, string])[] = [
  [
    'alipay',
    '支付宝',
    CS,
    '支付宝|Alipay|蚂蚁金服|蚂蚁集团|蚂蚁财富|花呗|借呗|余额宝|网商银行|芝麻信用',
    'com.eg.android.AlipayGphone|com.antfortune.wealth|com.mybank.android.phone',
    'alipay|zhifubao|zfb|huabei|jiebei|yuebao|antfortune|mayi',
  ],
  [
    'wechat',
    '微信',
    CS,
    '微信|WeChat|Weixin|腾讯|Tencent|财付通|微信支付|零钱通|QQ钱包|理财通',
    'com.tencent.',
    'wechat|weixin|tencent|tenpay|caifutong|wxpay',
  ],
  ['qq', 'QQ', CS, 'QQ', 'com.tencent.', 'mobileqq'],
  ['unionpay', '中国银联', CS, '云闪付|银联|UnionPay|中国银联', 'com.unionpay', 'unionpay|yinlian|yunshanfu'],
  [
    'ecny',
    '数字人民币',
    GOV,
    '数字人民币|e-CNY|数字货币钱包|数币',
    'cn.gov.pbc.dcep',
    'dcep|ecny|shuzirenminbi',
  ],
  ['pbc', '中国人民银行', GOV, '中国人民银行|人民银行|央行|人行', '', 'pbc|renminyinhang|yanghang'],
  ['csrc', '中国证监会', GOV, '证监会|中国证监会|证券监督管理委员会', '', 'csrc|zhengjianhui'],
  [
    'nfra',
    '国家金融监督管理总局',
    GOV,
    '金融监管总局|银保监会|银保监|金融监督管理',
    '',
    'cbirc|nfra|yinbaojian',
  ],
  ['sse', '上海证券交易所', INVEST, '上海证券交易所|上交所|证券交易所|上证', '', 'sse|shangjiaosuo'],
  ['szse', '深圳证券交易所', INVEST, '深圳证券交易所|深交所|深证', '', 'szse|shenjiaosuo'],
  ['bse', '北京证券交易所', INVEST, '北京证券交易所|北交所', '', 'bse|beijiaosuo'],
  [
    'cffex',
    '中国金融期货交易所',
    INVEST,
    '中国金融期货交易所|中金所|期货交易所|上海期货交易所|大连商品交易所|郑州商品交易所',
    '',
    'cffex|zhongjinsuo',
  ],
  [
    'icbc',
    '中国工商银行',
    CS,
    '工商银行|工行|ICBC|融e联|工银',
    'com.icbc|com.icbc.elife',
    'icbc|gongshang|gonghang',
  ],
  ['ccb', '中国建设银行', CS, '建设银行|建行|CCB|龙支付', 'com.chinamworld.main', 'ccb|jianshe|jianhang'],
  [
    'abc',
    '中国农业银行',
    CS,
    '农业银行|农行|ABC银行|掌上银行农行',
    'com.android.bankabc',
    'bankabc|nongye|nonghang',
  ],
  [
    'boc',
    '中国银行',
    CS,
    '中国银行|中行|缤纷生活|BOC',
    'com.chinamworld.bocmbci|com.forms',
    'bocmbci|zhongguoyinhang|zhonghang',
  ],
  [
    'bocom',
    '交通银行',
    CS,
    '交通银行|交行|买单吧',
    'com.bankcomm.Bankcomm|com.bankcomm.maidanba',
    'bankcomm|jiaotong|jiaohang',
  ],
  [
    'psbc',
    '中国邮政储蓄银行',
    CS,
    '邮储银行|邮政储蓄|邮储|中国邮政',
    'com.yitong.mbank.psbc',
    'psbc|youchu|chinapost',
  ],
  [
    'cmb',
    '招商银行',
    CS,
    '招商银行|招行|掌上生活|CMB',
    'cmb.pb|com.cmbchina.ccd.pluto.cmbActivity',
    'cmbchina|zhaoshang|zhaohang',
  ],
  [
    'citic',
    '中信银行',
    CS,
    '中信银行|中信证券|动卡空间|中信',
    'com.citiccard.mobilebank|com.ecitic.bank.mobile',
    'citic|zhongxin',
  ],
  ['spdb', '浦发银行', CS, '浦发银行|浦发', 'cn.com.spdb.mobilebank.per|com.spdbccc.app', 'spdb|pufa'],
  ['cib', '兴业银行', CS, '兴业银行|兴业', 'com.cib.cibmb|com.cib.xyk', 'cib|xingye'],
  ['cmbc', '民生银行', CS, '民生银行|全民生活', 'cn.com.cmbc.newmbank', 'cmbc|minsheng'],
  ['ceb', '光大银行', CS, '光大银行|阳光惠生活', 'com.cebbank.mobile.cemb', 'cebbank|guangda'],
  [
    'cgb',
    '广发银行',
    CS,
    '广发银行|发现精彩|广发',
    'com.cgbchina.xpt|com.cs_credit_bank',
    'cgbchina|guangfa',
  ],
  [
    'pingan',
    '平安',
    CS,
    '平安银行|中国平安|平安普惠|平安好车主|平安口袋银行|平安金管家|陆金所',
    'com.pingan.paces.ccms|com.pingan.lifeinsurance|com.pingan.papd|com.lufax.android',
    'pingan|paic|lufax',
  ],
  ['hxb', '华夏银行', CS, '华夏银行', 'com.hxb.mobile.client', 'hxb|huaxiabank'],
  ['webank', '微众银行', LOAN, '微众银行|微粒贷', 'com.webank.wemoney|com.webank.bank', 'webank|weilidai'],
  [
    'sgcc',
    '国家电网',
    GOV,
    '国家电网|网上国网|国网|电网|南方电网|南网在线',
    'com.sgcc.wsgw.cn|com.csg.palmhall',
    'sgcc|guowang|dianwang|wsgw',
  ],
  [
    'chinamobile',
    '中国移动',
    CS,
    '中国移动|移动营业厅|和包|移动积分',
    'com.greenpoint.android.mc10086.activity|com.cmic.college|com.cmcc.hebao',
    'chinamobile|cmcc|yidong|10086|hebao',
  ],
  [
    'unicom',
    '中国联通',
    CS,
    '中国联通|联通营业厅|沃钱包',
    'com.sinovatech.unicom.ui',
    'unicom|liantong|10010',
  ],
  [
    'telecom',
    '中国电信',
    CS,
    '中国电信|电信营业厅|翼支付|天翼',
    'com.ct.client|com.chinatelecom.bestpayclient',
    'chinatelecom|dianxin|bestpay|tianyi|10000',
  ],
  [
    'huawei',
    '华为',
    CS,
    '华为|HUAWEI|鸿蒙|HarmonyOS|Harmony|荣耀|Honor|华为钱包|花瓣',
    'com.huawei.|com.hihonor.|com.vmall.client|com.huawei.wallet',
    'huawei|harmony|hongmeng|hihonor|vmall|hicloud',
  ],
  [
    'xiaomi',
    '小米',
    CS,
    '小米|Xiaomi|MIUI|HyperOS|澎湃OS|红米|Redmi|米家|小米钱包|天星金融',
    'com.xiaomi.|com.miui.|com.mipay.wallet|com.xiaomi.jr',
    'xiaomi|miui|hyperos|redmi|mipay',
  ],
  [
    'oppo',
    'OPPO',
    CS,
    'OPPO|ColorOS|欢太|一加|OnePlus|realme|真我',
    'com.oppo.|com.coloros.|com.heytap.|com.oneplus.|com.nearme.|com.finshell.wallet',
    'oppo|coloros|heytap|oneplus|realme|nearme',
  ],
  [
    'vivo',
    'vivo',
    CS,
    'vivo|OriginOS|iQOO|步步高',
    'com.vivo.|com.bbk.|com.vivo.wallet',
    'vivo|originos|iqoo|bbk',
  ],
  ['apple', '苹果', CS, '苹果|Apple|iPhone|iCloud|Apple Pay', 'com.apple.', 'apple|icloud|iphone'],
  [
    'jd',
    '京东',
    SHOP,
    '京东|JD|京东金融|京东白条|白条|京东到家',
    'com.jingdong.|com.jd.jrapp|com.jd.pingou',
    'jingdong|jdjr|baitiao',
  ],
  [
    'taobao',
    '淘宝',
    SHOP,
    '淘宝|天猫|Tmall|闲鱼|千牛|阿里巴巴|1688',
    'com.taobao.|com.tmall.|com.alibaba.|com.idlefish.',
    'taobao|tmall|xianyu|alibaba|idlefish',
  ],
  ['pinduoduo', '拼多多', SHOP, '拼多多|多多买菜', 'com.xunmeng.', 'pinduoduo|xunmeng|pdd'],
  [
    'meituan',
    '美团',
    SHOP,
    '美团|大众点评|美团外卖|美团月付',
    'com.sankuai.|com.dianping.v1',
    'meituan|sankuai|dianping',
  ],
  ['eleme', '饿了么', SHOP, '饿了么', 'me.ele|me.ele.', 'eleme|elema'],
  [
    'douyin',
    '抖音',
    SHOP,
    '抖音|TikTok|抖音支付|抖音月付|字节跳动|今日头条|抖音商城|放心借',
    'com.ss.android.|com.zhiliaoapp.musically|com.bytedance.',
    'douyin|tiktok|bytedance|toutiao',
  ],
  ['kuaishou', '快手', SHOP, '快手|Kwai', 'com.smile.gifmaker|com.kuaishou.nebula', 'kuaishou|kwai'],
  ['didi', '滴滴', CS, '滴滴|滴滴出行|滴滴金融', 'com.sdu.didi.psnger|com.sdu.didi.gsui', 'didi|xiaoju'],
  ['sfexpress', '顺丰速运', CS, '顺丰|SF Express', 'com.sf.activity', 'sfexpress|shunfeng'],
  ['12306', '中国铁路12306', CS, '12306|中国铁路|铁路12306|国铁', 'com.MobileTicket', 'mobileticket|tielu'],
  [
    'chinatax',
    '国家税务总局',
    GOV,
    '个人所得税|个税|税务局|电子税务局|国家税务',
    'cn.gov.tax.its',
    'geshui|shuiwu|chinatax',
  ],
  [
    'antifraud',
    '国家反诈中心',
    GOV,
    '国家反诈中心|反诈中心|反诈|全民反诈',
    'com.hicorenational.antifraud',
    'antifraud|fanzha',
  ],
  [
    'mps',
    '公安部',
    GOV,
    '公安部|公安局|警察|网警|交管12123|12123|国家移民管理局',
    'com.tmri.app.main',
    'gongan|jingcha|wangjing|tmri',
  ],
  [
    'gjzwfw',
    '国家政务服务平台',
    GOV,
    '国家政务服务|政务服务|国务院客户端|电子社保卡|国家医保|掌上12333|国家补贴|国家助学',
    'cn.hsa.app|com.ylzinfo.signfamily',
    'zhengwu|shebao|yibao|gongjijin|butie',
  ],
  ['court', '最高人民法院', GOV, '人民法院|法院|检察院|人民检察院', '', 'fayuan|jianchayuan'],
  ['etc', 'ETC服务', CS, 'ETC|ETC服务|高速ETC', 'com.txffp.app', 'etcfuwu|gaosuetc'],
  ['tonghuashun', '同花顺', INVEST, '同花顺', 'com.hexin.plat.android', 'tonghuashun|hexin|10jqka'],
  [
    'eastmoney',
    '东方财富',
    INVEST,
    '东方财富|天天基金',
    'com.eastmoney.android.berlin|com.eastmoney.android.fund',
    'eastmoney|tiantian',
  ],
  ['huatai', '华泰证券', INVEST, '华泰证券|涨乐财富通|涨乐', 'com.lphtsccft', 'huatai|htsc'],
  ['gtja', '国泰君安', INVEST, '国泰君安|君弘', 'com.guotai.dazhihui|com.gtja.junhong', 'gtja|guotaijunan'],
  [
    'brokers',
    '证券公司',
    INVEST,
    '招商证券|广发证券|海通证券|申万宏源|银河证券|中金公司|中国银河|国信证券|兴业证券|光大证券|方正证券|长江证券|安信证券|东方证券|中泰证券',
    '',
    'zhengquan',
  ],
  [
    'funds',
    '基金公司',
    INVEST,
    '易方达|华夏基金|南方基金|嘉实基金|博时基金|广发基金|汇添富|富国基金|招商基金|工银瑞信',
    'com.efunds.trade|com.chinaamc.mfund',
    'efunds|chinaamc',
  ],
  [
    'exchanges',
    '数字货币交易所',
    INVEST,
    '币安|Binance|欧易|OKX|OKEx|火币|Huobi|HTX|Coinbase|imToken|TokenPocket|MetaMask|Bitget|Gate.io|芝麻开门',
    'com.binance.dev|com.okinc.okex.gp|pro.huobi|com.coinbase.android|im.token.app|vip.mytokenpocket|io.metamask',
    'binance|okx|okex|huobi|coinbase|imtoken|tokenpocket|metamask|bitget',
  ],
  ['paypal', 'PayPal', CS, 'PayPal', 'com.paypal.android.p2pmobile', 'paypal'],
  [
    'insurers',
    '保险公司',
    CS,
    '中国人寿|中国人保|人保|太平洋保险|新华保险|泰康|中国太平',
    'com.chinalife.ebz|com.picc.aasipods|com.cpic.taibao|com.taikang.tkpension',
    'chinalife|picc|cpic|taikang',
  ],
];

const split = (s: string): string[] => s.split('|').filter((x) => x !== '');

export const APP_BRANDS: readonly AppBrand[] = ROWS.map(
  ([id, nameZh, fraudType, names, packages, tokens]) => ({
    id,
    nameZh,
    fraudType,
    names: split(names),
    packages: split(packages),
    tokens: split(tokens),
  }),
);

/**
 * Words of the label that scam apps of every kind carry without naming a brand: payment and
 * wallets, exchanges and trading, investment and returns, loans and credit, subsidies and refunds,
 * task and order-brushing jobs, gambling, the "malls" of shopping scams and dating apps.
 */
export const SCAM_LABEL_WORDS: readonly string[] = split(
  '支付|钱包|收款|转账|提现|充值|交易所|交易平台|数字货币|虚拟币|区块链|USDT|泰达币|比特币|炒币|挖矿|矿池|合约|期货|外汇|黄金|原油|贵金属|' +
    '理财|投资|基金|股票|炒股|配资|证券|牛股|荐股|分红|收益|返利|高收益|稳赚|财富|资产|金融|' +
    '贷款|借款|借钱|网贷|小贷|信用贷|额度|秒批|秒到|下款|分期|白条|信用卡|征信|' +
    '补贴|退款|理赔|退税|养老金|医保卡|社保卡|解冻|安全中心|客服|刷单|兼职|接单|佣金|返佣|任务大厅|彩票|博彩|棋牌|娱乐城|' +
    '商城|优选|交友|同城|约会|裸聊|Wallet|Pay|Bank|Exchange|Trade|Invest|Loan|Coin|Crypto|Finance',
);

/** App-builder shells (DCloud HBuilder/uni-app, APICloud, AppCan …): the wrapper of most scam apps. */
export const APP_SHELL_PACKAGES: readonly RegExp[] = [
  /^plus\.h5/i,
  /^uni\.uni/i,
  /^uni\./i,
  /^io\.dcloud\./i,
  /^com\.dcloud\./i,
  /^com\.apicloud\./i,
  /^com\.appcan\./i,
  /^com\.yimu\./i,
  /^com\.wgt\./i,
  /^io\.cordova\.hellocordova$/i,
];
