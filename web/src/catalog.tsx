/** What every screen names: fraud types (from /api/v1/taxonomy) and organisations (from /api/v1/orgs). */
import { createContext, useContext } from 'react';
import { asArray, asRecord, str } from './api.ts';

export interface FraudTypeLabel {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}
export interface OrgLabel {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

/** A person (or API key) the caller meets as an actor, by display name. */
export interface PersonLabel {
  /** As the API names actors: `user:<id>` or `key:<id>`. */
  readonly actor: string;
  readonly displayName: string;
  readonly orgId: string;
}

export interface Catalog {
  readonly fraudTypes: readonly FraudTypeLabel[];
  readonly orgs: readonly OrgLabel[];
  /** The people whose actions the caller sees: its own organisation's and the regulator's. */
  readonly people: readonly PersonLabel[];
  readonly me: {
    readonly actor: string;
    readonly displayName: string;
    readonly role: string;
    readonly orgKind: string;
  } | null;
  /** The collaboration actions the signed-in caller may take. */
  readonly may: ReadonlySet<string>;
}

export const parsePeople = (v: unknown): PersonLabel[] =>
  asArray(asRecord(v)['items']).map((t) => {
    const o = asRecord(t);
    return { actor: str(o['actor']), displayName: str(o['displayName']), orgId: str(o['orgId']) };
  });

export const EMPTY_CATALOG: Catalog = { fraudTypes: [], orgs: [], people: [], me: null, may: new Set() };

export const parseTaxonomy = (v: unknown): FraudTypeLabel[] =>
  asArray(asRecord(v)['fraudTypes']).map((t) => {
    const o = asRecord(t);
    return { code: str(o['code']), zh: str(o['nameZh']), en: str(o['nameEn']) };
  });

export const parseOrgs = (v: unknown): OrgLabel[] =>
  asArray(asRecord(v)['items']).map((t) => {
    const o = asRecord(t);
    return { id: str(o['id']), name: str(o['name']), kind: str(o['kind']) };
  });

export const CatalogContext = createContext<Catalog>(EMPTY_CATALOG);
export const useCatalog = (): Catalog => useContext(CatalogContext);
