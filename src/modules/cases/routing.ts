/**
 * Who can act on a value (pure): a Chinese number's operator from its number block, a domain's or
 * URL's registrar (library attribute `registrar`, else the default registrar), an account's platform,
 * a bank account's institution (bank-routing.ts). The table (kind, key) → organisation is data in `responsibilities`.
 */
import type { Attributes, ResourceType } from '../library/library.types.ts';
import { routeBank } from './bank-routing.ts';
import type { WorkOrderAction } from './cases.types.ts';
import type { ResponsibilityKind, RoutingTable, Route } from './routing.types.ts';

export type { ResponsibilityKind, RoutingTable, Route } from './routing.types.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const lookup = (
  table: RoutingTable,
  kind: ResponsibilityKind,
  key: string | undefined,
  action: WorkOrderAction,
): Route => {
  const k = key ?? 'default';
  const orgId = table.get(kind, k) ?? table.get(kind, 'default');
  return orgId
    ? { ok: true, orgId, kind, key: k, action }
    : { ok: false, reason: `no ${kind} organisation for ${k}` };
};

export const routeValue = (
  type: ResourceType,
  attributes: Attributes,
  table: RoutingTable,
  normalized = '',
): Route => {
  switch (type) {
    case 'phone': {
      const operator = str(attributes['operator']);
      if (!operator)
        return { ok: false, reason: 'number has no known operator (not a Chinese mobile block)' };
      const orgId = table.get('operator', operator);
      return orgId
        ? { ok: true, orgId, kind: 'operator', key: operator, action: 'suspend_number' }
        : { ok: false, reason: `no operator organisation for ${operator}` };
    }
    case 'domain':
    case 'url':
      return lookup(table, 'registrar', str(attributes['registrar']), 'take_down_domain');
    case 'account': {
      const platform = str(attributes['platform']);
      if (!platform) return { ok: false, reason: 'account has no platform' };
      const orgId = table.get('platform', platform);
      return orgId
        ? { ok: true, orgId, kind: 'platform', key: platform, action: 'ban_account' }
        : { ok: false, reason: `no platform organisation for ${platform}` };
    }
    case 'bank':
      return routeBank(attributes, normalized, table);
    case 'sms':
    case 'ip':
    case 'app':
    case 'device':
    case 'subject':
      return { ok: false, reason: `${type} values are not routed to an organisation` };
  }
};

/** Who acts on what (kind, key) → organisation in a new database; editable afterwards (`routing.write`). */
export const DEFAULT_RESPONSIBILITIES: ReadonlyArray<readonly [ResponsibilityKind, string, string]> = [
  ['operator', 'china_mobile', 'org_cmcc'],
  ['operator', 'china_unicom', 'org_cucc'],
  ['operator', 'china_telecom', 'org_ctcc'],
  ['operator', 'china_broadnet', 'org_cmcc'],
  ['registrar', 'default', 'org_registrar'],
  ['platform', 'qq', 'org_tencent'],
  ['platform', 'wechat', 'org_tencent'],
  ['bank', 'default', 'org_icbc'],
];
