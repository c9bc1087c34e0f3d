/**
 * Famous global and Chinese sites, listed for this project from general knowledge (no external list
 * was copied), for `npm run eval:web` only: no training row carries them, and the evaluation also
 * judges them with the prior stripped of them, so the letters alone are measured.
 */
export const FAMOUS_SITES: readonly string[] = `
google.com youtube.com facebook.com instagram.com twitter.com x.com wikipedia.org reddit.com
ebay.com netflix.com spotify.com stackoverflow.com yahoo.com
duckduckgo.com zoom.us slack.com dropbox.com adobe.com salesforce.com oracle.com ibm.com intel.com
nvidia.com amd.com samsung.com sony.com lg.com dell.com hp.com lenovo.com asus.com cisco.com vmware.com
airbnb.com booking.com expedia.com tripadvisor.com uber.com lyft.com doordash.com grubhub.com yelp.com
nytimes.com washingtonpost.com theguardian.com bbc.co.uk bbc.com cnn.com reuters.com bloomberg.com wsj.com
ft.com economist.com forbes.com businessinsider.com buzzfeed.com huffpost.com vice.com vox.com wired.com
theverge.com techcrunch.com arstechnica.com engadget.com mashable.com npr.org pbs.org nasa.gov nih.gov
who.int un.org europa.eu gov.uk usa.gov irs.gov ox.ac.uk cam.ac.uk mit.edu stanford.edu harvard.edu
berkeley.edu coursera.org edx.org khanacademy.org udemy.com medium.com quora.com pinterest.com tumblr.com
wordpress.org wordpress.com mozilla.org apache.org python.org nodejs.org npmjs.com docker.com kubernetes.io
gitlab.com bitbucket.org atlassian.com cloudflare.com akamai.com fastly.com digitalocean.com heroku.com
stripe.com visa.com mastercard.com americanexpress.com chase.com bankofamerica.com wellsfargo.com
citi.com hsbc.com barclays.co.uk santander.com ing.com bnpparibas.com deutsche-bank.de ubs.com
walmart.com target.com costco.com bestbuy.com homedepot.com ikea.com zara.com hm.com nike.com adidas.com
etsy.com shopify.com aliexpress.com rakuten.co.jp mercadolibre.com flipkart.com
twitch.tv discord.com telegram.org whatsapp.com signal.org imdb.com rottentomatoes.com
steampowered.com epicgames.com ea.com playstation.com nintendo.com roblox.com
weather.com accuweather.com espn.com nba.com fifa.com olympics.com bandcamp.com soundcloud.com vimeo.com
dailymotion.com archive.org wikimedia.org wiktionary.org openstreetmap.org mapquest.com
1688.com alibabagroup.com baidu.com.cn
bytedance.com feishu.cn dingtalk.com amap.com autonavi.com didichuxing.com
jdcloud.com sina.cn weibo.cn sohu.net netease.com 163yun.com
huaweicloud.com honor.com oneplus.com realme.com vivo.com zte.com.cn xiaomiyoupin.com

gov.cn
sse.com.cn szse.cn csrc.gov.cn pbc.gov.cn cbirc.gov.cn safe.gov.cn stats.gov.cn moe.gov.cn
sgcc.com.cn csg.cn petrochina.com.cn sinopec.com cnpc.com.cn crcc.cn cscec.com chinalife.com.cn
cpic.com.cn picc.com taikang.com htsc.com.cn citics.com gtja.com gf.com.cn csc108.com efunds.com.cn
chinaamc.com huatai.com howbuy.com fund123.cn tiantian.com
ctrip.com.hk trip.com qyer.com
`
  .split(/\s+/)
  .filter((d) => d !== '');
