/**
 * HTTP: the gangs, one gang with its graph, the evidence chain between two members, and the gang
 * dossier for the police. Read like cases: the regulator (whole graph) and the police (shared graph).
 */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { requireActor } from '../guards.ts';
import {
  EvidenceStepSchema,
  GangDetailSchema,
  GangIdParams,
  GangSummarySchema,
} from '../../../modules/gangs/gangs.schema.ts';
import type { GangsService } from '../../../modules/gangs/gangs.service.ts';

const tags = ['gangs'];

export const gangsRoutes =
  (deps: { gangs: GangsService }) =>
  async (app: App): Promise<void> => {
    app.get(
      '/api/v1/gangs',
      {
        schema: {
          tags,
          summary: 'Gangs: weighted communities of values with at least one listed member, by score',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
          response: { 200: Type.Object({ gangs: Type.Array(GangSummarySchema) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return { gangs: await deps.gangs.list(actor, { limit: request.query.limit }) };
      },
    );

    app.get(
      '/api/v1/gangs/:id',
      {
        schema: {
          tags,
          summary: 'One gang: members by role, its graph and the evidence on each edge',
          params: GangIdParams,
          response: { 200: GangDetailSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return deps.gangs.get(actor, request.params.id);
      },
    );

    app.get(
      '/api/v1/gangs/:id/path',
      {
        schema: {
          tags,
          summary: 'The evidence chain between two members of a gang',
          params: GangIdParams,
          querystring: Type.Object({
            from: Type.String({ minLength: 3, maxLength: 300 }),
            to: Type.String({ minLength: 3, maxLength: 300 }),
          }),
          response: { 200: Type.Object({ steps: Type.Array(EvidenceStepSchema) }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return {
          steps: await deps.gangs.path(actor, request.params.id, request.query.from, request.query.to),
        };
      },
    );

    app.get(
      '/api/v1/gangs/:id/dossier',
      {
        schema: {
          tags,
          summary: 'The gang dossier for the police (JSON): the gang graph and the cases holding its values',
          params: GangIdParams,
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return deps.gangs.dossier(actor, request.params.id);
      },
    );
  };
