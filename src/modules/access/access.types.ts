import type { OrgKind, Role } from '../../shared/actor.ts';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: OrgKind;
  readonly region: string | null;
  /** 0..1: how much the platform trusts this organisation's claims. */
  readonly reliability: number;
  readonly parentId: string | null;
  readonly createdAt: number;
}

export interface User {
  readonly id: string;
  readonly orgId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: number;
}

export interface ApiKey {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

/** The default trust per organisation kind: the regulator's own analysts weigh most. */
export const DEFAULT_RELIABILITY: Readonly<Record<OrgKind, number>> = {
  regulator: 0.9,
  police: 0.85,
  operator: 0.75,
  bank: 0.75,
  platform: 0.7,
  registrar: 0.6,
  public: 0.35,
};
