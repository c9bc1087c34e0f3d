/**
 * A wider legitimate side for the Chinese corpus, written for fanzha: the marketing that operators,
 * banks, shops, salons, estate agents and lottery outlets send every day (long texts, the brand's own
 * links, unsubscribe lines), everyday notices and personal messages of many kinds, and fraud that
 * borrows a brand's name but links elsewhere. Same slot syntax as fraud-templates.data.ts.
 * Licence: Apache-2.0.
 */
// Brands with links of their own: `{brand:operator}` and `{link:operator}` in one template take one
// pair (generate.ts), so a brand's marketing links only to what the brand owns.
export const BRAND_LINKS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  operator: [
    ['中国联通', 'https://u.10010.cn/{p}'],
    ['中国联通', 'u.10010.cn/{p}'],
    ['中国移动', 'https://dx.10086.cn/{p}'],
    ['中国电信', 'http://e.189.cn/{p}'],
  ],
  shop: [
    ['淘宝', 'https://m.tb.cn/{p}'],
    ['天猫', 'm.tb.cn/{p}'],
    ['京东', 'https://u.jd.com/{p}'],
    ['拼多多', 'mobile.yangkeduo.com/{p}'],
    ['唯品会', 'http://m.vip.com/{p}'],
  ],
};

export const MARKETING_TEMPLATES: readonly string[] = [
  '【{brand:operator}】[亲爱的用户|尊敬的客户]，[为回馈老用户|感谢您多年来的支持]，您可[免费|以优惠价]升级[5G|融合|畅享]套餐，[月费不变|每月多送{count}GB流量]，[立即办理|马上领取]{link:operator} 退订回T',
  '【{brand:operator}】[预存话费享好礼|存话费送好礼]：存{mid}元[送|返]{small}元[话费|电子券]，分{count}个月到账，[详情|活动规则]见 {link:operator} ，拒收请回复R',
  '【{brand:shop}】[年中大促|周年庆|会员日]来啦！[全场|精选好物]{discount}折起，[跨店满|每满]{mid}减{small}，[戳|点击]{link:shop}[抢购|去逛逛]，退订回T',
  '【{brand:shop}】[您收藏的|您浏览过的]商品[降价了|正在打折]，[到手价|现价]仅{small}元，库存有限，[立即查看|速抢]{link:shop} 回TD退订',
  '【{operator}】[流量不够用？|追剧流量告急？]{small}元[购买|订购]{count}GB[月包|加油包]，当月有效，[回复|发送]{code4}到{operatorHotline}即可[订购|开通]，回复TD退订',
  '【{operator}】[千兆宽带|全屋WiFi]进小区啦，[新装|升级]首年[仅需|只要]{mid}元，[上门安装|免费测速]，预约请致电{operatorHotline}，回T退订',
  '【{operator}】[您的专属福利已到账|会员日福利来袭]：[视频会员|外卖红包|出行券]任选一项，[领取|查看]请打开{operatorApp}，退订请回复TD',
  '【{bank}】[尊敬的客户|您好]，您的信用卡[可申请|已获得]账单分期[优惠|特权]，[最长|最多]分{count}期，[手续费低至|费率低至]{discount}折，[详询|咨询]{bankHotline}，回复TD退订',
  '【{bank}】[周末|每周三]{restaurant}[满减|立减]活动：[使用|用]本行信用卡[支付|消费]满{mid}元减{small}元，[名额有限|每周限{count}次]，[详情|规则]见{bankApp}，退订回N',
  '【{bank}】[专属理财|新客理财]产品[热销中|限时发售]，[业绩比较基准|预期年化]{count}.{cents}%，{mid}元起购，[可到网点|登录{bankApp}]购买，[理财有风险|投资需谨慎]，退订回TD',
  '【{bank}】[您有一笔|恭喜获得]消费贷[预审额度|专属额度]{big}，[年化利率|年利率]低至{count}.{cents}%，[申请|办理]请登录{bankApp}，[以审批为准|具体以审批结果为准]，拒收请回复R',
  '【{restaurant}】[会员专享|周末特惠]：[第二杯半价|套餐立减{small}元|买一送一]，[打开|登录]{restaurant}APP[领券|下单]，[有效期至|截止]{month}月{day}日，退订回T',
  '【{gym}】[夏日减脂季|新年焕新]，[年卡|私教课][直降|立减]{mid}元，[到店|预约]即送{gift}，[咨询|预约]{phone}，回T退订',
  '【{edu}】[秋季班|寒假班|考研集训营][报名中|火热招生]，[名师授课|小班教学]，[前{count}名|本周内]报名[立减|优惠]{mid}元，[咨询|报名]{phone}，退订回T',
  '【{estate}·[公园里|天悦府|云著]】[地铁口|城市中心][精装|品质][三房|四房]，[首付|总价]{big}起，[样板间已开放|现房发售]，[看房热线|咨询电话]{phone}，退订回T',
  '【{car}】[{carModel}][限时|年终]钜惠，[置换补贴|购车礼包][最高|高达]{mid}元，[到店试驾|预约试驾]送{gift}，[4S店地址|咨询]{phone}，回T退订',
  '【{hotel}】[会员日|周末]客房{discount}折起，[入住|预订]即享[早餐|延迟退房]，[预订|详情]请[登录官方APP|拨打{phone}]，退订回TD',
  '[【中国体育彩票】|【中国福利彩票】][大乐透|双色球|七星彩][奖池|滚存][超|已达]{count}亿元，[本期|{month}月{day}日]开奖，[理性购彩|量力而行]，[到附近|请到]实体[店|站点]购买，退订回T',
  '[亲|尊敬的会员]，[本店|{city}旗舰店][新品上市|换季清仓]，[全场|部分商品]{discount}折，[凭此短信|到店出示短信]再送{gift}，[地址|门店]：{place}，退订回T',
  '【{city}[丽人|悦美|名流]美发】[烫染|护理|剪发][{discount}折|特价{small}元]，[老顾客|会员]带新客[各送|同享]{gift}，预约{phone}，回T退订',
  '【{app}】[新人专享|老友回归]礼包[已到账|已发放]：{small}元[无门槛券|打车券|外卖红包]，[{count}天内有效|今日有效]，[打开|登录]{app}[使用|查看]，退订回TD',
  '【{insurer}】[{name}您好|尊敬的客户]，[百万医疗|重疾险|意外险][升级|上新]，[保费|每月]低至{small}元，[投保|详情]请[关注官方公众号|拨打客服]，回T退订',
];

export const NOTICE_TEMPLATES: readonly string[] = [
  '【{bank}】您尾号{tail}的信用卡[已成功|成功]办理[账单|消费]分期，[分期本金|本金]{mid}.{cents}元，分{count}期，每期[手续费|费用]{small}.{cents}元，[首期|第一期]计入{month}月账单。',
  '【{bank}】[您|你]尾号{tail}[账户|卡]{month}月{day}日[快捷支付|网上支付]{small}.{cents}元（[财付通|支付宝|美团]），[余额|可用余额]{mid}.{cents}元。',
  '【{operator}】[截至|截止]{month}月{day}日，您本月[已用|已使用][流量|通用流量]{count}.{cents}GB，[剩余|尚余]{count}.{cents}GB，[查询|详情]请登录{operatorApp}。',
  '【{operator}】您好，[您的|你的]{month}月账单[已出|已生成]：[套餐费|月租]{small}.00元，[合计|共计]{small}.{cents}元，[账户余额|当前余额]{small}.{cents}元。',
  '【{insurer}】[尊敬的客户|{name}您好]，您的[保单|车险保单]已[续保成功|生效]，[保费|金额]{mid}.{cents}元，[服务热线|客服]{bankHotline}。',
  '【{insurer}】您的理赔[案件|申请][已结案|审核通过]，[赔款|理赔款]{mid}.{cents}元将[转入|打到]您[名下|预留的]银行账户，请注意查收。',
  '【{shop}】您的订单[支付成功|已付款]，[实付|金额]{small}.{cents}元，[商家|卖家]正在[备货|打包]，[请耐心等待|发货后将通知您]。',
  '【{express}】[您的快件|快递]因[地址不详|联系不上收件人][暂存|滞留]网点，请致电{expressHotline}[或联系派件员|，派件员电话]{phone}[确认地址|重新派送]。',
  '【{city}[公积金|医保|社保]中心】您{month}月[汇缴|缴存|划入]{mid}.{cents}元，[账户余额|当前余额]{mid}.{cents}元，[详询|查询]12345。',
  '[{name}，|]我[换号了|换了新号码]，[以后|今后][联系|打]这个号，[旧号|原来的号][不用了|停了]，[存一下|记得保存]',
  '[合同|方案|报价单]我[看完了|改好了]，[有几处|第{count}条][需要|得]再[确认|商量]，[明天|下午][电话|当面]聊',
  '[{name}|亲爱的]，[我|我们][到|在]{place}了，[你|你们][到哪了|快到了吗]？',
  '[老师好|{name}老师您好]，[孩子|{name}][今天|明天][身体不舒服|有点发烧]，[请假|想请]一天，[谢谢|麻烦您了]',
  '[我|咱们][明天|周末][几点|什么时候][出发|见面]？[我|我来][订|买][票|座位]',
  '[收到|好的|明白]，[我|马上][处理|安排]，[有进展|弄好了][告诉你|跟你说]',
  '[物业通知|温馨提示]：[{month}月{day}日|明天][上午|下午][停水|停电|电梯检修]，[请|望][业主|各位住户][提前|做好]准备，[谢谢配合|给您带来不便敬请谅解]。',
  '[您好|你好]，[您|你]预约的[维修|安装|保洁]师傅[{hhmm}|明天上午][上门|到],[电话|联系]{phone}',
  '[面试通知|录用通知]：{name}您好，请于{month}月{day}日{hhmm}到{place}[参加面试|报到]，[携带|请带]身份证[和简历|]。',
];

/** Fraud that signs or names a brand but links to a domain the brand does not own. */
export const MISMATCH_FRAUD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  fake_customer_service: [
    '【{shop}】[您的订单|您购买的商品][出现异常|无法发货]，[将为您办理|可申请][退款|双倍赔付]，请[登录|进入]{url}[填写|提交]收款[信息|账户]',
    '【{operator}】[您的积分|话费积分]{mid}分[即将清零|今日到期]，[可兑换|兑换]{small}元[现金|话费]，[点击|登录]{url}[兑换|领取]，回T退订',
    '【{bank}】[您的账户|您的手机银行][存在风险|已被限制]，[请|需]在{hours}小时内[登录|访问]{url}[重新认证|完成验证]，[逾期|否则][停用|冻结]',
  ],
  loan_credit_card: [
    '【{lender}】[恭喜|您好]，您[获得|有]{big}[借款|备用金]额度，[最快|最快3分钟]到账，[点击|立即领取]{url}，回T退订',
    '【{bank}】[您的信用卡|您的额度][可提升至|临时提额]{big}，[激活|申请]请[登录|访问]{url}[填写卡号和验证码|完成认证]',
  ],
  impersonate_authority: [
    '【{gov}】[您有一笔|您的]{small}元[补贴|退税|补助][待领取|已到账]，请[于|在]{hours}小时内[登录|访问]{url}[申领|办理]，[逾期作废|过期无效]',
    '【ETC服务】[您的ETC|ETC卡][认证失效|已过期]，[请|需][登录|点击]{url}[重新认证|更新信息]，[以免|否则]影响[通行|使用]',
  ],
};
