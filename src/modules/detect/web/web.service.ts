/**
 * The web engine's service: builds the detectors from the current brand list, the URL model and the
 * allow-list, runs them, and turns verdicts into library claims and links through the ClaimSink port
 * (sources `detector:url@…`, `detector:page@…`, `detector:app@…`).
 */
import { readFile } from 'node:fs/promises';
import type { ClaimSink } from '../../library/library.port.ts';
import type { ClaimInput, LinkInput, SubmitResult } from '../../library/library.types.ts';
import type { Actor } from '../../../shared/actor.ts';
import type { Brand } from '../../brands/brands.types.ts';
import { DomainError } from '../../../shared/errors.ts';
import { parseApk } from './apk.ts';
import { APP_DETECTOR_ID, APP_DETECTOR_VERSION, checkApp, type AppVerdict } from './app-check.ts';
import type { GeoDatabase } from './hosting.ts';
import { buildBrandIndex } from './lookalike-match.ts';
import { analysePage, buildBrandMatcher, type BrandMatcher, type PageVerdict } from './page.ts';
import { PAGE_DETECTOR_ID, PAGE_DETECTOR_VERSION } from './page.config.ts';
import { DEFAULT_URL_THRESHOLDS, checkUrl, type UrlDetectorContext, type UrlVerdict } from './url-check.ts';
import type { UrlModel } from './url-model.ts';
import { URL_DETECTOR_ID, URL_DETECTOR_VERSION } from './url.config.ts';
import type { AppCheckRequest, UrlCheckRequest } from './web.schema.ts';
import { WELL_KNOWN_SITES } from './well-known-sites.data.ts';
import {
  INFRASTRUCTURE_DOMAINS,
  buildWellKnown,
  loadBrandDomainLists,
  type WellKnownIndex,
} from './well-known.ts';

export interface WebDetectors {
  readonly url: UrlDetectorContext;
  readonly brands: BrandMatcher;
}

let shippedLists: [string, string[]][] | undefined;

export interface PriorSources {
  /** The brand lists (models/well-known/brand-domains.txt when not given). */
  readonly lists?: readonly (readonly [string, readonly string[]])[];
  /** Keys left out of the prior (an evaluation judging sites by their letters alone). */
  readonly exclude?: ReadonlySet<string>;
}

/** The prior of well-known domains: the brands' own, the allow-list, infrastructure, the brand lists. */
export const buildPrior = (
  brands: readonly Brand[],
  allow: Iterable<string>,
  sources: PriorSources = {},
): WellKnownIndex => {
  const lists = sources.lists ?? (shippedLists ??= loadBrandDomainLists());
  return buildWellKnown(
    [
      ...brands.map((b) => [`brand ${b.id}`, b.officialDomains] as const),
      ['allow-list', allow] as const,
      ['infrastructure', INFRASTRUCTURE_DOMAINS] as const,
      ...lists,
    ],
    sources.exclude,
  );
};

export const buildWebDetectors = (
  brands: readonly Brand[],
  model: UrlModel,
  allow: Iterable<string> = WELL_KNOWN_SITES,
  prior: PriorSources = {},
): WebDetectors => {
  const index = buildBrandIndex(brands);
  const allowed = new Set(allow);
  return {
    url: {
      model,
      brands: index,
      allow: allowed,
      wellKnown: buildPrior(brands, allowed, prior),
      thresholds: DEFAULT_URL_THRESHOLDS,
    },
    brands: buildBrandMatcher(index),
  };
};

export const runUrlCheck = (d: WebDetectors, req: UrlCheckRequest): UrlVerdict =>
  'url' in req
    ? checkUrl(d.url, { text: req.url, bareDomain: false, redirects: req.redirects })
    : checkUrl(d.url, { text: req.domain, bareDomain: true });

export interface AppCheckOutcome extends AppVerdict {
  readonly package: string;
  readonly label: string | null;
  readonly certSha256: string[];
}

/** Checks app metadata, or reads the APK at `apk` (a path the caller is allowed to read). */
export const runAppCheck = async (d: WebDetectors, req: AppCheckRequest): Promise<AppCheckOutcome> => {
  let facts: { package: string; label: string | null; certSha256: string[] };
  if ('apk' in req) {
    let buf: Buffer;
    try {
      buf = await readFile(req.apk);
    } catch (e) {
      throw new DomainError(
        'invalid_input',
        `cannot read APK: ${e instanceof Error ? e.message : String(e)}`,
        'apk',
      );
    }
    const info = parseApk(buf);
    facts = {
      package: info.package,
      label: info.label,
      certSha256: [...new Set(info.certificates.map((c) => c.sha256))],
    };
  } else {
    const certs =
      req.certSha256 === undefined ? [] : Array.isArray(req.certSha256) ? req.certSha256 : [req.certSha256];
    facts = {
      package: req.package,
      label: req.label ?? null,
      certSha256: certs.map((c) => c.replace(/:/g, '').toLowerCase()),
    };
  }
  return { ...checkApp(d.brands, facts), ...facts };
};

export const runPageCheck = (d: WebDetectors, html: string, url: string): PageVerdict =>
  analysePage(d.brands, html, url);

const source = (id: string, version: string): string => `detector:${id}@${version}`;
const claimVerdict = (v: string): 'fraud' | 'suspicious' | undefined =>
  v === 'malicious' || v === 'counterfeit' ? 'fraud' : v === 'suspicious' ? 'suspicious' : undefined;

export interface Findings {
  readonly claims: ClaimInput[];
  readonly links: LinkInput[];
}

/** Claims for a URL verdict (nothing for benign ones) and links url → domain → ip. */
export const urlFindings = (
  req: UrlCheckRequest,
  v: UrlVerdict,
  geo?: GeoDatabase,
  ip?: string,
): Findings => {
  const verdict = claimVerdict(v.verdict);
  if (!verdict) return { claims: [], links: [] };
  const domain = v.registrableDomain ?? v.host;
  const hosting = geo && ip ? geo.locate(ip) : undefined;
  const evidence = {
    score: v.score,
    reasons: v.reasons,
    brand: v.brand,
    kind: v.kind,
    lookalike: v.lookalike,
    modelProbability: v.modelProbability,
  };
  const base = {
    verdict,
    confidence: v.score,
    fraudType: v.fraudType,
    evidence,
    source: source(URL_DETECTOR_ID, URL_DETECTOR_VERSION),
  };
  const claims: ClaimInput[] = [];
  const links: LinkInput[] = [];
  if ('url' in req) {
    claims.push({ ...base, type: 'url', value: req.url });
    links.push({
      from: { type: 'url', value: req.url },
      to: { type: 'domain', value: domain },
      kind: 'on_domain',
    });
  }
  claims.push({
    ...base,
    type: 'domain',
    value: domain,
    ...(hosting?.country
      ? { attributes: { hostingCountry: hosting.country, hostingRegion: hosting.region } }
      : {}),
  });
  if (ip)
    links.push({ from: { type: 'domain', value: domain }, to: { type: 'ip', value: ip }, kind: 'hosted_on' });
  return { claims, links };
};

export const pageFindings = (url: string, v: PageVerdict): Findings => {
  const verdict = claimVerdict(v.verdict);
  if (!verdict) return { claims: [], links: [] };
  const claims: ClaimInput[] = [
    {
      type: 'url',
      value: url,
      verdict,
      confidence: v.score,
      fraudType: v.fraudType,
      evidence: { reasons: v.reasons, brand: v.brand, asks: v.asks, apkLinks: v.apkLinks },
      source: source(PAGE_DETECTOR_ID, PAGE_DETECTOR_VERSION),
    },
  ];
  const links: LinkInput[] = v.apkLinks
    .filter((l) => /^https?:\/\//i.test(l))
    .map((l) => ({
      from: { type: 'url', value: url },
      to: { type: 'url', value: l },
      kind: 'links_download',
    }));
  return { claims, links };
};

export const appFindings = (o: AppCheckOutcome): Findings => {
  const verdict = claimVerdict(o.verdict);
  if (!verdict) return { claims: [], links: [] };
  return {
    claims: [
      {
        type: 'app',
        value: o.package,
        verdict,
        confidence: o.score,
        fraudType: o.fraudType,
        evidence: { reasons: o.reasons, brand: o.brand, label: o.label, certSha256: o.certSha256 },
        attributes: {
          ...(o.label ? { label: o.label } : {}),
          ...(o.certSha256[0] ? { certSha256: o.certSha256[0] } : {}),
        },
        source: source(APP_DETECTOR_ID, APP_DETECTOR_VERSION),
      },
    ],
    links: [],
  };
};

/** Submits findings when there are any; benign verdicts write nothing. */
export const submitFindings = async (sink: ClaimSink, actor: Actor, f: Findings): Promise<SubmitResult> =>
  f.claims.length === 0 ? { accepted: 0, rejected: [] } : sink.submitClaims(actor, f.claims, f.links);
