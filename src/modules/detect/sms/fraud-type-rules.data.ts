/**
 * Keyword cues per fraud type (codes from the taxonomy), Chinese and English. The fraud-type score
 * blends the type model with the share of cues each type gets, so a script the model has never seen
 * still lands on its type when it uses the type's vocabulary. Data, not code: analysts extend it.
 * Matched against normalised, lower-cased text.
 */
export const FRAUD_TYPE_CUES: Readonly<Record<string, RegExp>> = {
  task_rebate:
    /兼职|刷单|刷流水|佣金|返利|返佣|点赞|做任务|垫付|日结|拍单|好评返现|本金|一单一结|副业|part[- ]?time|job|hiring|commission|work from home|like and earn/g,
  fake_customer_service:
    /客服|快递|物流|包裹|理赔|退款|退货|赔付|赔偿|订单异常|会员|扣费|百万保障|保证金|派送|签收|parcel|package|delivery|courier|refund|kyc|account (?:is |has been )?(?:suspended|locked|blocked)|customer care/g,
  fake_investment:
    /股票|炒股|牛股|导师|老师带|投资|理财|收益|回报|翻倍|虚拟币|数字货币|usdt|期货|外汇|黄金|区块链|认购|原始股|带单|invest|crypto|bitcoin|forex|trading|profit/g,
  loan_credit_card:
    /贷款|借款|网贷|额度|下款|放款|信用卡|提额|无抵押|低息|停息挂账|解冻金|验资|loan|credit card|credit limit|pre-?approved|bad credit/g,
  fake_credit_report: /征信|校园贷|学生账户|注销|不良记录|逾期记录|credit (?:score|report|record)/g,
  fake_shopping_service:
    /特价|清仓|代购|门票|办证|刻章|代考|包过|领养|低价出|正品|定金|prize|winner|won|award|voucher|gift card|claim/g,
  impersonate_authority:
    /公安|派出所|刑侦|警官|法院|检察院|传票|通缉|逮捕|洗钱|涉嫌|安全账户|监管账户|医保|社保|税务|退税|补贴|违章|etc|police|court|warrant|tax|irs|hmrc|government|toll|fine/g,
  impersonate_acquaintance:
    /领导|老板|王总|张总|办公室|班主任|家长群|换号|新号|老同学|是我|我是你|爸|妈|mum|mom|dad|new number|boss/g,
  game_trade:
    /游戏|皮肤|装备|点券|钻石|代练|金币|王者荣耀|和平精英|原神|英雄联盟|验号|game|skins?|v-?bucks|steam/g,
  romance_pig_butchering:
    /交友|相亲|宝贝|亲爱的|哥哥|寂寞|约会|结婚|想你|单身|加错人|dating|lonely|sexy|single|meet/g,
  impersonate_military_purchase: /部队|军队|军区|武警|军方|军需|采购|消防队|后勤/g,
  black_market: /收购|回收|出租|出借|跑分|个人信息|公民信息|数据|接码|代注册|代收|代付|银行卡|电话卡/g,
};
