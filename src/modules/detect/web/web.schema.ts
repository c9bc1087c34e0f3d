/** What comes in to and goes out of the web engine, for the CLI lines and the HTTP routes alike. */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const Id = Type.Union([Type.String({ maxLength: 200 }), Type.Number()]);

export const UrlCheckRequest = Type.Union([
  Type.Object({
    id: Type.Optional(Id),
    url: Type.String({ minLength: 1, maxLength: 8192 }),
    redirects: Type.Optional(Type.Array(Type.String({ maxLength: 8192 }), { maxItems: 20 })),
  }),
  Type.Object({ id: Type.Optional(Id), domain: Type.String({ minLength: 1, maxLength: 253 }) }),
]);
export type UrlCheckRequest = Static<typeof UrlCheckRequest>;

export const UrlCheckResponse = Type.Object({
  id: Type.Optional(Id),
  verdict: Type.Union([Type.Literal('malicious'), Type.Literal('suspicious'), Type.Literal('benign')]),
  score: Type.Number(),
  brand: Type.Optional(Type.String()),
  kind: Type.Optional(
    Type.Union([Type.Literal('phishing'), Type.Literal('scam'), Type.Literal('lookalike')]),
  ),
  reasons: Type.Array(Type.String()),
});

const Sha256 = Type.String({ pattern: '^[0-9a-fA-F:]{64,95}$' });

export const AppCheckRequest = Type.Union([
  Type.Object({
    id: Type.Optional(Id),
    package: Type.String({ minLength: 1, maxLength: 255 }),
    label: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    certSha256: Type.Optional(Type.Union([Sha256, Type.Array(Sha256, { maxItems: 10 })])),
  }),
  Type.Object({ id: Type.Optional(Id), apk: Type.String({ minLength: 1, maxLength: 4096 }) }),
]);
export type AppCheckRequest = Static<typeof AppCheckRequest>;

export const AppCheckResponse = Type.Object({
  id: Type.Optional(Id),
  verdict: Type.Union([
    Type.Literal('counterfeit'),
    Type.Literal('suspicious'),
    Type.Literal('genuine'),
    Type.Literal('unknown'),
  ]),
  score: Type.Number(),
  brand: Type.Optional(Type.String()),
  reasons: Type.Array(Type.String()),
  package: Type.Optional(Type.String()),
  label: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  certSha256: Type.Optional(Type.Array(Type.String())),
});

export const PageCheckRequest = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 8192 }),
  html: Type.String({ maxLength: 5 * 1024 * 1024 }),
});
export type PageCheckRequest = Static<typeof PageCheckRequest>;

export const PageCheckResponse = Type.Object({
  verdict: Type.Union([Type.Literal('malicious'), Type.Literal('suspicious'), Type.Literal('benign')]),
  score: Type.Number(),
  kind: Type.Optional(Type.Literal('phishing')),
  brand: Type.Optional(Type.String()),
  reasons: Type.Array(Type.String()),
  asks: Type.Array(Type.String()),
  apkLinks: Type.Array(Type.String()),
});

export const urlCheckRequest = TypeCompiler.Compile(UrlCheckRequest);
export const appCheckRequest = TypeCompiler.Compile(AppCheckRequest);

/** The first schema error of a value as `{field, message}`, for error records and domain errors. */
export const firstError = (
  errors: Iterable<{ path: string; message: string }>,
): { field: string; message: string } => {
  for (const e of errors)
    return { field: e.path.replace(/^\//, '').replace(/\//g, '.') || 'line', message: e.message };
  return { field: 'line', message: 'invalid' };
};
