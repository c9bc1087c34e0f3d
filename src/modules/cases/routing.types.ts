/** The shapes of work-order routing, shared by the general router and the bank router. */
import type { WorkOrderAction } from './cases.types.ts';

export type ResponsibilityKind = 'operator' | 'registrar' | 'platform' | 'bank';

export interface RoutingTable {
  get(kind: ResponsibilityKind, key: string): string | undefined;
}

export type Route =
  | {
      readonly ok: true;
      readonly orgId: string;
      readonly kind: ResponsibilityKind;
      readonly key: string;
      readonly action: WorkOrderAction;
      /** Further orders to the same organisation beside the main action (a bank verifies the holder). */
      readonly also?: readonly WorkOrderAction[];
    }
  | { readonly ok: false; readonly reason: string };
