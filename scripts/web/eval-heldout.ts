/**
 * The URL detector on the sets kept out of training (url-data.ts `heldOut`, `heldOutList`, the famous
 * sites): benign domains flagged, scam domains found, URL F1, each through `url check`'s own path.
 */
import type { Brand } from '../../src/modules/brands/brands.types.ts';
import { binaryScores, type BinaryScores, type LabelledUrl } from '../../src/modules/detect/web/url-train.ts';
import type { UrlModel } from '../../src/modules/detect/web/url-model.ts';
import {
  buildWebDetectors,
  runUrlCheck,
  type WebDetectors,
} from '../../src/modules/detect/web/web.service.ts';
import { WELL_KNOWN_SITES } from '../../src/modules/detect/web/well-known-sites.data.ts';
import { loadBrandDomainLists, priorKey } from '../../src/modules/detect/web/well-known.ts';
import { FAMOUS_SITES } from './famous-sites.data.ts';
import { heldOut, heldOutList, loadDomains, loadHannousse } from './url-data.ts';

export interface FlagFigures {
  readonly total: number;
  readonly flagged: number;
  readonly rate: number;
  readonly examples: readonly string[];
}

export interface HeldOutFigures {
  /** Held-out benign domains of the labelled list, with the shipped prior and with letters alone. */
  readonly benignDomains: { readonly shipped: FlagFigures; readonly letters: FlagFigures };
  readonly scamDomains: FlagFigures;
  readonly heldOutLists: FlagFigures;
  readonly famous: { readonly shipped: FlagFigures; readonly letters: FlagFigures };
  readonly urls: BinaryScores;
}

const flagged = (d: WebDetectors, r: LabelledUrl): boolean => {
  try {
    const req = r.bareDomain ? { domain: r.text } : { url: r.text };
    return runUrlCheck(d, req).verdict !== 'benign';
  } catch {
    return false;
  }
};

const flagFigures = (d: WebDetectors, rows: readonly LabelledUrl[]): FlagFigures => {
  const hits = rows.filter((r) => flagged(d, r));
  return {
    total: rows.length,
    flagged: hits.length,
    rate: rows.length === 0 ? 0 : hits.length / rows.length,
    examples: hits.slice(0, 12).map((r) => r.text),
  };
};

const bare = (domains: readonly string[], source: string): LabelledUrl[] =>
  domains.map((text) => ({ text, bareDomain: true, malicious: false, source }));

export const evaluateHeldOut = (brands: readonly Brand[], model: UrlModel): HeldOutFigures => {
  const lists = loadBrandDomainLists();
  const listKeys = lists.filter(([name]) => heldOutList(name)).flatMap(([, d]) => d);
  const domains = loadDomains().filter(heldOut);
  const benign = domains.filter((r) => !r.malicious);
  const keysOf = (rows: readonly string[]): string[] =>
    rows.map((d) => priorKey(d)).filter((k): k is string => k !== null);
  const shipped = buildWebDetectors(brands, model);
  // The prior without the sets being measured: what the letters alone make of them.
  const letters = buildWebDetectors(brands, model, WELL_KNOWN_SITES, {
    exclude: new Set([...keysOf(benign.map((r) => r.text)), ...listKeys, ...keysOf(FAMOUS_SITES)]),
  });
  const urls = loadHannousse().filter(heldOut);
  return {
    benignDomains: { shipped: flagFigures(shipped, benign), letters: flagFigures(letters, benign) },
    scamDomains: flagFigures(
      shipped,
      domains.filter((r) => r.malicious),
    ),
    heldOutLists: flagFigures(letters, bare([...new Set(listKeys)], 'brand-domains')),
    famous: {
      shipped: flagFigures(shipped, bare(FAMOUS_SITES, 'famous')),
      letters: flagFigures(letters, bare(FAMOUS_SITES, 'famous')),
    },
    urls: binaryScores(
      urls.map((r) => r.malicious),
      urls.map((r) => flagged(shipped, r)),
    ),
  };
};
