import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalizeUrl, hashPrefix, normalizeUrl, parseIpv4, safeBrowsingExpressions } from './url.ts';

const canonical = (raw: string): string | undefined => {
  const r = canonicalizeUrl(raw);
  return r.ok ? r.value.url : undefined;
};

describe('canonicalizeUrl: the Safe Browsing specification examples', () => {
  // From "URLs and Hashing" (Safe Browsing API v4); \x01\x80 is replaced by its UTF-8 meaning below.
  it.each([
    ['http://host/%25%32%35', 'http://host/%25'],
    ['http://host/%25%32%35%25%32%35', 'http://host/%25%25'],
    ['http://host/%2525252525252525', 'http://host/%25'],
    ['http://host/asdf%25%32%35asd', 'http://host/asdf%25asd'],
    ['http://host/%%%25%32%35asd%%', 'http://host/%25%25%25asd%25%25'],
    ['http://www.google.com/', 'http://www.google.com/'],
    [
      'http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/',
      'http://168.188.99.26/.secure/www.ebay.com/',
    ],
    [
      'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
      'http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/',
    ],
    [
      'http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B',
      'http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+',
    ],
    ['http://3279880203/blah', 'http://195.127.0.11/blah'],
    ['http://www.google.com/blah/..', 'http://www.google.com/'],
    ['www.google.com/', 'http://www.google.com/'],
    ['www.google.com', 'http://www.google.com/'],
    ['http://www.evil.com/blah#frag', 'http://www.evil.com/blah'],
    ['http://www.GOOgle.com/', 'http://www.google.com/'],
    ['http://www.google.com.../', 'http://www.google.com/'],
    ['http://www.google.com/foo\tbar\rbaz\n2', 'http://www.google.com/foobarbaz2'],
    ['http://www.google.com/q?', 'http://www.google.com/q?'],
    ['http://www.google.com/q?r?', 'http://www.google.com/q?r?'],
    ['http://www.google.com/q?r?s', 'http://www.google.com/q?r?s'],
    ['http://evil.com/foo#bar#baz', 'http://evil.com/foo'],
    ['http://evil.com/foo;', 'http://evil.com/foo;'],
    ['http://evil.com/foo?bar;', 'http://evil.com/foo?bar;'],
    ['http://\x01.com/', 'http://%01.com/'],
    ['http://notrailingslash.com', 'http://notrailingslash.com/'],
    ['http://www.gotaport.com:1234/', 'http://www.gotaport.com/'],
    ['  http://www.google.com/  ', 'http://www.google.com/'],
    ['http:// leadingspace.com/', 'http://%20leadingspace.com/'],
    ['http://%20leadingspace.com/', 'http://%20leadingspace.com/'],
    ['%20leadingspace.com/', 'http://%20leadingspace.com/'],
    ['https://www.securesite.com/', 'https://www.securesite.com/'],
    ['http://host.com/ab%23cd', 'http://host.com/ab%23cd'],
    ['http://host.com//twoslashes?more//slashes', 'http://host.com/twoslashes?more//slashes'],
  ])('%j → %s', (raw, expected) => {
    expect(canonical(raw)).toBe(expected);
  });

  it('escapes non-ASCII bytes as UTF-8 and puts IDN hosts in punycode', () => {
    expect(canonical('http://example.com/支付')).toBe('http://example.com/%E6%94%AF%E4%BB%98');
    expect(canonical('http://MÜNCHEN.de/')).toBe('http://xn--mnchen-3ya.de/');
  });

  it('reads every IPv4 spelling as a dotted quad', () => {
    expect(parseIpv4('0x7f.1')).toBe('127.0.0.1');
    expect(parseIpv4('0177.0.0.01')).toBe('127.0.0.1');
    expect(parseIpv4('2130706433')).toBe('127.0.0.1');
    expect(parseIpv4('1.2.65535')).toBe('1.2.255.255');
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('4294967296')).toBeUndefined();
    expect(parseIpv4('1.2.3.4.5')).toBeUndefined();
  });
});

describe('normalizeUrl', () => {
  it('strips tracking parameters into an attribute and keeps the rest', () => {
    const r = normalizeUrl('HTTPS://Shop.Example.COM/item?id=7&utm_source=sms&spm=a.b&fbclid=x#top');
    expect(r.ok && r.value.normalized).toBe('https://shop.example.com/item?id=7');
    expect(r.ok && r.value.attributes).toMatchObject({
      host: 'shop.example.com',
      registrableDomain: 'example.com',
      trackingParams: 'utm_source=sms&spm=a.b&fbclid=x',
    });
    const only = normalizeUrl('http://a.example.cn/x?utm_campaign=1&from=groupmessage');
    expect(only.ok && only.value.normalized).toBe('http://a.example.cn/x');
  });

  it('gives IDN hosts in punycode with the Unicode form as attribute and display', () => {
    const r = normalizeUrl('http://bücher.example.cn/login');
    expect(r.ok && r.value.normalized).toBe('http://xn--bcher-kva.example.cn/login');
    expect(r.ok && r.value.display).toBe('http://bücher.example.cn/login');
    expect(r.ok && r.value.attributes['unicodeHost']).toBe('bücher.example.cn');
  });

  it('refangs defanged links from threat feeds', () => {
    const r = normalizeUrl('hxxps://evil[.]example[.]com/pay');
    expect(r.ok && r.value.normalized).toBe('https://evil.example.com/pay');
  });

  it.each(['', 'javascript:alert(1)', 'http://', 'not a url', 'http://localhost/', 'mailto://x@y'])(
    'rejects %j',
    (raw) => {
      expect(normalizeUrl(raw).ok).toBe(false);
    },
  );

  it('never throws and is idempotent on arbitrary and URL-shaped strings', () => {
    const urlish = fc
      .tuple(
        fc.constantFrom('', 'http://', 'https://', 'HTTP://'),
        fc.domain(),
        fc.string({ unit: fc.constantFrom(...'/./../%2e%25ab?&=#utm_x=1 \u4e2d'.split('')), maxLength: 30 }),
      )
      .map(([scheme, host, rest]) => `${scheme}${host}${rest}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          urlish,
          fc.string({ unit: 'binary' }),
        ),
        (raw) => {
          const first = normalizeUrl(raw);
          if (!first.ok) return;
          const second = normalizeUrl(first.value.normalized);
          expect(second.ok && second.value.normalized).toBe(first.value.normalized);
          expect(canonical(first.value.normalized)).toBe(first.value.normalized);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('safeBrowsingExpressions and hashPrefix', () => {
  it('lists the host suffixes and path prefixes of the specification', () => {
    expect(safeBrowsingExpressions('http://a.b.c/1/2.html?param=1').sort()).toEqual(
      [
        'a.b.c/1/2.html?param=1',
        'a.b.c/1/2.html',
        'a.b.c/',
        'a.b.c/1/',
        'b.c/1/2.html?param=1',
        'b.c/1/2.html',
        'b.c/',
        'b.c/1/',
      ].sort(),
    );
    expect(safeBrowsingExpressions('http://a.b.c.d.e.f.g/1.html').sort()).toEqual(
      [
        'a.b.c.d.e.f.g/1.html',
        'a.b.c.d.e.f.g/',
        'c.d.e.f.g/1.html',
        'c.d.e.f.g/',
        'd.e.f.g/1.html',
        'd.e.f.g/',
        'e.f.g/1.html',
        'e.f.g/',
        'f.g/1.html',
        'f.g/',
      ].sort(),
    );
    expect(safeBrowsingExpressions('http://1.2.3.4/1/').sort()).toEqual(['1.2.3.4/1/', '1.2.3.4/'].sort());
  });

  it('caps at 5 hosts × 6 paths', () => {
    const all = safeBrowsingExpressions('http://a.b.c.d.e.f.g.h/1/2/3/4/5/6.html?q=1');
    expect(all.length).toBeLessThanOrEqual(30);
    expect(all).toContain('d.e.f.g.h/1/2/3/');
    expect(all).not.toContain('h/');
  });

  it('hashes the expression with SHA-256 and keeps the leading bytes', () => {
    // SHA-256("abc") = ba7816bf 8f01cfea …
    expect(hashPrefix('abc')).toBe('ba7816bf');
    expect(hashPrefix('abc', 8)).toBe('ba7816bf8f01cfea');
    expect(hashPrefix('abc', 32)).toHaveLength(64);
  });
});
