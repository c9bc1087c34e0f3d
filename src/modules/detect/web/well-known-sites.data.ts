/**
 * Well-known Chinese sites written for this project (no external source): the default allow-list of
 * the URL detector and the benign side of the look-alike and URL evaluations, because the shared
 * `domains` set is mostly English-language.
 */
export const WELL_KNOWN_SITES: readonly string[] = `
baidu.com sina.com.cn sohu.com 163.com 126.com bilibili.com zhihu.com douban.com weibo.com douyin.com
toutiao.com xiaohongshu.com ctrip.com qunar.com iqiyi.com youku.com mi.com huawei.com vivo.com.cn oppo.com
lenovo.com.cn xinhuanet.com people.com.cn cctv.com chinadaily.com.cn ifeng.com csdn.net cnblogs.com jianshu.com
gitee.com 58.com ganji.com anjuke.com lianjia.com ke.com autohome.com.cn suning.com vip.com dangdang.com
gome.com.cn xiaomi.com meizu.com 360.cn so.com sogou.com 2345.com hao123.com zol.com.cn pconline.com.cn
eastmoney.com 10jqka.com.cn xueqiu.com hexun.com caixin.com yicai.com thepaper.cn guancha.cn huanqiu.com
tsinghua.edu.cn pku.edu.cn fudan.edu.cn zju.edu.cn sjtu.edu.cn ustc.edu.cn nju.edu.cn whu.edu.cn
cib.com.cn spdb.com.cn cmbc.com.cn citicbank.com cebbank.com hxb.com.cn pingan.com bankofbeijing.com.cn bosc.cn
njcb.com.cn hzbank.com.cn cgbchina.com.cn czbank.com hkbea.com.cn webank.com mybank.cn
sf-express.com yto.net.cn zto.com sto.cn yundaex.com ems.com.cn chinapost.com.cn deppon.com jtexpress.cn
kuaishou.com ixigua.com momo.com yy.com huya.com douyu.com kugou.com kuwo.cn xiami.com ximalaya.com
qidian.com zongheng.com 17k.com jjwxc.net hupu.com dongqiudi.com
meitu.com wps.cn kingsoft.com youdao.com iflytek.com sensetime.com megvii.com dji.com byd.com geely.com
nio.com xpeng.com lixiang.com haier.com midea.com gree.com.cn tcl.com hisense.com changhong.com
chinaunicom.cn cmpay.com lakala.com yeepay.com 99bill.com tenpay.com
ccps.gov.cn beijing.gov.cn shanghai.gov.cn gd.gov.cn zj.gov.cn
cnki.net wanfangdata.com.cn chaoxing.com icourse163.org xuetangx.com zhipin.com lagou.com liepin.com 51job.com
zhaopin.com mafengwo.cn tuniu.com ly.com fliggy.com elong.com tujia.com airchina.com.cn ceair.com csair.com
hainanairlines.com didiglobal.com xiaojukeji.com hellobike.com mobike.com ofo.com
smzdm.com mogu.com jumei.com yhd.com kaola.com vmall.com meituan.com ele.me
36kr.com huxiu.com ithome.com oschina.net segmentfault.com juejin.cn v2ex.com
tianya.cn mop.com xici.net 19lou.com douguo.com xiachufang.com dianping.com
qcc.com tianyancha.com aiqicha.baidu.com gsxt.gov.cn creditchina.gov.cn
haodf.com guahao.com dxy.cn chunyuyisheng.com jd.com taobao.com alipay.com qq.com 12306.cn
`
  .split(/\s+/)
  .filter((d) => d !== '');
