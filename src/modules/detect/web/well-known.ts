/**
 * The prior of well-known domains: official domains of known brands and services (v2fly
 * domain-list-community, copied to models/well-known), the project's protected brands, well-known
 * Chinese sites, CDN and cloud infrastructure. A host whose registrable domain is listed is a known
 * site's own host, unless the domain lends sub-domains to its users (blogs, site builders, file
 * shares): there the sub-domain belongs to whoever signed up, so the prior says nothing about it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'tldts';

/**
 * Registrable domains (outside the public suffix list's private section) that hand out sub-domains
 * or pages to anyone: scam lists are full of `brand-promo.tumblr.com`-style hosts on them.
 */
export const USER_CONTENT_DOMAINS: ReadonlySet<string> = new Set([
  'tumblr.com',
  'sharepoint.com',
  'zendesk.com',
  'mystrikingly.com',
  'strikingly.com',
  'bitballoon.com',
  'netlify.com',
  'page.link',
  'app.link',
  'wordpress.com',
  'weebly.com',
  'wixsite.com',
  'godaddysites.com',
  'webflow.io',
  '000webhostapp.com',
  'blogspot.com',
  'medium.com',
  'notion.site',
  'gitbook.io',
  'typeform.com',
  'jimdo.com',
  'jimdosite.com',
  'yolasite.com',
  'square.site',
  'mailchimpsites.com',
  'list-manage.com',
  'ukit.me',
  'tilda.ws',
  'glitch.me',
  'repl.co',
  'bit.ly',
]);

/** Hosts of shared services whose paths are anyone's pages (forms, files, sites). */
export const USER_CONTENT_HOSTS: ReadonlySet<string> = new Set([
  'sites.google.com',
  'docs.google.com',
  'drive.google.com',
  'forms.gle',
  'storage.googleapis.com',
  'storage.cloud.google.com',
  'firebasestorage.googleapis.com',
  'onedrive.live.com',
  '1drv.ms',
  'forms.office.com',
  'dropbox.com',
  'www.dropbox.com',
  'dl.dropboxusercontent.com',
]);

/**
 * CDN and cloud hostnames that serve other companies' content: infrastructure, not sites, and not
 * scams by their names (their sub-domains are tenants and are judged on their own).
 */
export const INFRASTRUCTURE_DOMAINS: readonly string[] = `
akamaihd.net akamaized.net akamaiedge.net akamai.net edgekey.net edgesuite.net akadns.net akamaitechnologies.com
azurefd.net azureedge.net azurewebsites.net windows.net trafficmanager.net cloudapp.net msedge.net
cloudfront.net amazonaws.com awsstatic.com elasticbeanstalk.com fastly.net fastlylb.net
cloudflare.com cloudflare.net cloudflare-dns.com workers.dev pages.dev googleusercontent.com gstatic.com
googleapis.com ggpht.com ytimg.com gvt1.com 1e100.net doubleclick.net cdn77.org llnwd.net stackpathdns.com
jsdelivr.net unpkg.com cdnjs.com b-cdn.net bunnycdn.com kxcdn.com
alicdn.com aliyuncs.com alikunlun.com kunlunsl.com alibabadns.com tbcache.com cdngslb.com
myqcloud.com qcloud.com tencent-cloud.net qpic.cn gtimg.cn gtimg.com idqqimg.com cdn-go.cn dnsv1.com
bdstatic.com bdimg.com baidubce.com bcebos.com bcelive.com jomodns.com
wscdns.com chinanetcenter.com wangsu.com lxdns.com ourwebcdn.com
ksyun.com ksyuncdn.com hwcdn.net huaweicloud.com myhuaweicloud.com hc-cdn.com
qiniu.com qiniucdn.com qbox.me clouddn.com upaiyun.com upcdn.net
byteimg.com bytecdn.cn volccdn.com volces.com ibytedtos.com pstatp.com snssdk.com
`
  .split(/\s+/)
  .filter((d) => d !== '');

/**
 * The key a host is looked up by: its registrable domain with private suffixes honoured
 * (`x.blogspot.com` stays whole, `apple.com.de` is not `com.de`), or the host itself when it is a
 * suffix (`azurefd.net`); null for an IP address or an empty host.
 */
const PRIVATE_PARSE = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: false,
  mixedInputs: false,
} as const;

export const priorKey = (host: string): string | null => {
  // Hosts come here already split from their URLs, so tldts is spared extracting and validating.
  if (host === '' || /^[\d.]+$/.test(host) || host.includes(':')) return null;
  const p = parse(host, PRIVATE_PARSE);
  if (p.domain) return p.domain;
  return p.publicSuffix && p.publicSuffix === p.hostname && p.hostname.includes('.') ? p.hostname : null;
};

export interface WellKnownIndex {
  /** Prior key → the list or group that names it. */
  readonly byKey: ReadonlyMap<string, string>;
}

export interface WellKnownHit {
  readonly domain: string;
  readonly list: string;
}

/** Builds the index; the first group to name a key is the one a reason cites. */
export const buildWellKnown = (
  groups: Iterable<readonly [string, Iterable<string>]>,
  exclude: ReadonlySet<string> = new Set(),
): WellKnownIndex => {
  const byKey = new Map<string, string>();
  for (const [list, domains] of groups)
    for (const d of domains) {
      const key = priorKey(d.toLowerCase());
      if (key && !exclude.has(key) && !byKey.has(key)) byKey.set(key, list);
    }
  return { byKey };
};

/** Reads the `name<TAB>domain domain …` lines of models/well-known/brand-domains.txt. */
export const readListFile = (text: string): [string, string[]][] =>
  text
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [name = '', rest = ''] = l.split('\t');
      return [name, rest.split(' ').filter((d) => d !== '')];
    });

export const DEFAULT_BRAND_DOMAINS_PATH = new URL(
  '../../../../models/well-known/brand-domains.txt',
  import.meta.url,
);

export const loadBrandDomainLists = (path: string | URL = DEFAULT_BRAND_DOMAINS_PATH): [string, string[]][] =>
  readListFile(readFileSync(path, 'utf8'));

/**
 * A host on a user-content service: its pages (or the sub-domain itself) are whoever signed up's.
 * `registrable` is the host's registrable domain by the public suffix list's ICANN part (what the
 * URL features computed already); the listed services are not private suffixes, so it is their key.
 */
export const isUserContent = (host: string, registrable: string | null): boolean =>
  USER_CONTENT_HOSTS.has(host) ||
  (registrable !== null &&
    host !== registrable &&
    host !== `www.${registrable}` &&
    USER_CONTENT_DOMAINS.has(registrable));

/**
 * Whether any suffix of `host` from `registrable` up to the whole host is a key: a prior key is
 * always one of them, so without a candidate there is nothing to parse. The registrable domain and
 * the host are tried first, as they are the usual keys.
 */
const hasCandidate = (index: WellKnownIndex, host: string, registrable: string | null): boolean => {
  if (registrable !== null && index.byKey.has(registrable)) return true;
  if (index.byKey.has(host)) return true;
  const floor = registrable?.length ?? 0;
  for (let at = host.indexOf('.'); at >= 0; at = host.indexOf('.', at + 1)) {
    if (host.length - at - 1 <= floor) return false;
    if (index.byKey.has(host.slice(at + 1))) return true;
  }
  return false;
};

/**
 * The well-known site a host belongs to, or undefined. A listed key answers for itself and its
 * sub-domains, except sub-domains of user-content services and their shared hosts.
 */
export const wellKnownHost = (
  index: WellKnownIndex,
  host: string,
  registrable: string | null = null,
): WellKnownHit | undefined => {
  if (!hasCandidate(index, host, registrable)) return undefined;
  const key = priorKey(host);
  if (!key) return undefined;
  const list = index.byKey.get(key);
  if (list === undefined) return undefined;
  return isUserContent(host, registrable ?? parse(host).domain) ? undefined : { domain: key, list };
};
