/** Brand management for analysts and admins: `GET/POST/PUT /api/v1/brands`. */
import { Type } from '@sinclair/typebox';
import type { App } from '../http.types.ts';
import { actorOf, requireActor, requirePrincipal } from '../guards.ts';
import { BrandBody, BrandId, BrandSchema } from '../../../modules/brands/brands.schema.ts';
import type { BrandsService } from '../../../modules/brands/brands.service.ts';
import type { Brand } from '../../../modules/brands/brands.types.ts';

/** Brands are deeply read-only inside; the response schema wants plain arrays. */
const brandOut = (b: Brand) => ({
  ...b,
  officialDomains: [...b.officialDomains],
  domainTokens: [...b.domainTokens],
  pinyinTokens: [...b.pinyinTokens],
  names: [...b.names],
  packages: [...b.packages],
  certSha256: [...b.certSha256],
});

export const brandsRoutes = (deps: { brands: BrandsService }) => async (app: App) => {
  const { brands } = deps;
  const tags = ['brands'];

  app.get(
    '/api/v1/brands',
    {
      schema: {
        tags,
        summary: 'The protected brands the web detectors read',
        response: { 200: Type.Object({ items: Type.Array(BrandSchema) }) },
      },
    },
    async (request) => {
      return { items: (await brands.list(requireActor(request))).map(brandOut) };
    },
  );

  app.get(
    '/api/v1/brands/:id',
    {
      schema: {
        tags,
        summary: 'One protected brand',
        params: Type.Object({ id: BrandId }),
        response: { 200: BrandSchema },
      },
    },
    async (request) => {
      return brandOut(await brands.get(requireActor(request), request.params.id));
    },
  );

  app.post(
    '/api/v1/brands',
    { schema: { tags, summary: 'Add a protected brand', body: BrandSchema, response: { 201: BrandSchema } } },
    async (request, reply) => {
      const p = requirePrincipal(request);
      const { id, ...body } = request.body;
      const created = await brands.create(actorOf(p), id, body);
      return reply.code(201).send(brandOut(created));
    },
  );

  app.put(
    '/api/v1/brands/:id',
    {
      schema: {
        tags,
        summary: 'Replace a protected brand',
        params: Type.Object({ id: BrandId }),
        body: BrandBody,
        response: { 200: BrandSchema },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      return brandOut(await brands.update(actorOf(p), request.params.id, request.body));
    },
  );
};
