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

export interface Catalog {
  readonly fraudTypes: readonly FraudTypeLabel[];
  readonly orgs: readonly OrgLabel[];
}

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

export const CatalogContext = createContext<Catalog>({ fraudTypes: [], orgs: [] });
export const useCatalog = (): Catalog => useContext(CatalogContext);
