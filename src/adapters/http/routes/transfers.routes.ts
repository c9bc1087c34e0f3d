/**
 * HTTP: banks and payment institutions send transfer batches; the platform, banks and police read the
 * mule alerts and an account's current verdict. Transfers are private to the sender's world: only
 * banks, payment platforms and the regulator send them.
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import { notFound } from '../../../shared/errors.ts';
import {
  IngestResultSchema,
  MuleAlertSchema,
  MuleReasonSchema,
  reasonsOut,
  TransferBatchSchema,
} from '../../../modules/transfers/transfers.schema.ts';
import type { TransfersService } from '../../../modules/transfers/transfers.service.ts';

const tags = ['transfers'];

export const transfersRoutes =
  (deps: { transfers: TransfersService }) =>
  async (app: App): Promise<void> => {
    app.post(
      '/api/v1/transfers',
      {
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Send a batch of transfers (payer, payee, amount, currency, time, channel, institution, recordId)',
          body: TransferBatchSchema,
          response: { 200: IngestResultSchema },
        },
      },
      async (request) => {
        return deps.transfers.ingest(requireActor(request), request.body.transfers);
      },
    );

    app.get(
      '/api/v1/transfers/alerts',
      {
        schema: {
          tags,
          summary: 'Mule-account alerts, highest score first',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
          response: { 200: Type.Object({ alerts: Type.Array(MuleAlertSchema) }) },
        },
      },
      async (request) => {
        const alerts = await deps.transfers.alertsFor(requireActor(request), request.query.limit ?? 100);
        return { alerts: alerts.map((a) => ({ ...a, reasons: reasonsOut(a.reasons) })) };
      },
    );

    app.get(
      '/api/v1/transfers/accounts/:account',
      {
        schema: {
          tags,
          summary: "An account's current mule verdict over the stream's window",
          params: Type.Object({ account: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: {
            200: Type.Object({
              account: Type.String(),
              verdict: Type.String(),
              score: Type.Number(),
              reasons: Type.Array(MuleReasonSchema),
            }),
          },
        },
      },
      async (request) => {
        const v = await deps.transfers.scoreFor(requireActor(request), request.params.account);
        if (!v) throw notFound('transfers of this account in the window', 'account');
        return { ...v, reasons: reasonsOut(v.reasons) };
      },
    );
  };
