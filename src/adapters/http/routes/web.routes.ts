/**
 * `POST /api/v1/url/check`, `/api/v1/app/check`, `/api/v1/page/check`. Any logged-in caller may check;
 * with `?record=true` a writer also records non-benign verdicts as library claims (via ClaimSink).
 * APKs come as base64 in the body: the server never reads a path a caller names.
 */
import { Type } from '@sinclair/typebox';
import type { App, FastifyRequest } from '../http.types.ts';
import { actorOf, requirePrincipal } from '../guards.ts';
import type { ClaimSink } from '../../../modules/library/library.port.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { Verdict } from '../../../modules/library/library.types.ts';
import type { LocalDecision } from '../../../modules/lookups/org-views.ts';
import { parseApk } from '../../../modules/detect/web/apk.ts';
import { checkApp } from '../../../modules/detect/web/app-check.ts';
import {
  AppCheckRequest,
  AppCheckResponse,
  PageCheckRequest,
  PageCheckResponse,
  UrlCheckRequest,
  UrlCheckResponse,
} from '../../../modules/detect/web/web.schema.ts';
import {
  appFindings,
  pageFindings,
  runAppCheck,
  runPageCheck,
  runUrlCheck,
  submitFindings,
  urlFindings,
  type Findings,
  type WebDetectors,
} from '../../../modules/detect/web/web.service.ts';

export interface WebRoutesDeps {
  /** The detectors built from the current brand list (rebuilt by the caller when brands change). */
  readonly detectors: () => WebDetectors;
  readonly claims?: ClaimSink;
  /** The caller's organisation's own decision on a URL or domain (its local pin or allow entry). */
  readonly localDecision?: (raw: string, type: 'url' | 'domain', orgId: string) => LocalDecision | undefined;
}

/** A local verdict in the web engine's words; `unknown` leaves the detectors' answer. */
const WEB_VERDICT: Readonly<Record<Verdict, 'malicious' | 'suspicious' | 'benign' | undefined>> = {
  fraud: 'malicious',
  suspicious: 'suspicious',
  allowed: 'benign',
  unknown: undefined,
};

const UrlCheckHttpResponse = Type.Object({
  ...UrlCheckResponse.properties,
  decidedBy: Type.Optional(
    Type.Object({
      scope: Type.Literal('local'),
      kind: Type.Union([Type.Literal('pin'), Type.Literal('allow'), Type.Literal('score')]),
      orgId: Type.String(),
    }),
  ),
  /** The detectors' verdict, beside an answer the caller's organisation decided. */
  nationalVerdict: Type.Optional(UrlCheckResponse.properties.verdict),
});

const RecordQuery = Type.Object({ record: Type.Optional(Type.Boolean()) });
const AppCheckHttpRequest = Type.Union([
  AppCheckRequest.anyOf[0],
  Type.Object({
    id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number()])),
    apkBase64: Type.String({ minLength: 4 }),
  }),
]);
const MAX_APK_BYTES = 50 * 1024 * 1024;

export const webRoutes = (deps: WebRoutesDeps) => async (app: App) => {
  const tags = ['detect'];

  const record = async (
    request: FastifyRequest,
    wanted: boolean | undefined,
    findings: Findings,
  ): Promise<void> => {
    if (!wanted) return;
    const p = requirePrincipal(request);
    if (!deps.claims) throw new DomainError('unavailable', 'recording claims is not configured on this node');
    await submitFindings(deps.claims, actorOf(p), findings);
  };

  app.post(
    '/api/v1/url/check',
    {
      schema: {
        tags,
        summary: 'Check a URL or a domain',
        querystring: RecordQuery,
        body: UrlCheckRequest,
        response: { 200: UrlCheckHttpResponse },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      const v = runUrlCheck(deps.detectors(), request.body);
      await record(request, request.query.record, urlFindings(request.body, v));
      const body = request.body;
      const d =
        'url' in body
          ? deps.localDecision?.(body.url, 'url', p.orgId)
          : deps.localDecision?.(body.domain, 'domain', p.orgId);
      const local = d ? WEB_VERDICT[d.verdict] : undefined;
      return {
        ...(request.body.id !== undefined ? { id: request.body.id } : {}),
        verdict: local ?? v.verdict,
        score: v.score,
        ...(v.brand ? { brand: v.brand } : {}),
        ...(v.kind ? { kind: v.kind } : {}),
        reasons: d && local ? [d.reason, ...v.reasons] : v.reasons,
        ...(d && local ? { decidedBy: d.decidedBy, nationalVerdict: v.verdict } : {}),
      };
    },
  );

  app.post(
    '/api/v1/app/check',
    {
      bodyLimit: Math.ceil((MAX_APK_BYTES * 4) / 3) + 4096,
      schema: {
        tags,
        summary: 'Check app metadata or an APK (base64)',
        querystring: RecordQuery,
        body: AppCheckHttpRequest,
        response: { 200: AppCheckResponse },
      },
    },
    async (request) => {
      requirePrincipal(request);
      const body = request.body;
      const d = deps.detectors();
      let outcome;
      if ('apkBase64' in body) {
        const info = parseApk(Buffer.from(body.apkBase64, 'base64'));
        const facts = {
          package: info.package,
          label: info.label,
          certSha256: [...new Set(info.certificates.map((c) => c.sha256))],
        };
        outcome = { ...checkApp(d.brands, facts), ...facts };
      } else outcome = await runAppCheck(d, body);
      await record(request, request.query.record, appFindings(outcome));
      return {
        ...(body.id !== undefined ? { id: body.id } : {}),
        verdict: outcome.verdict,
        score: outcome.score,
        ...(outcome.brand ? { brand: outcome.brand } : {}),
        reasons: outcome.reasons,
        package: outcome.package,
        label: outcome.label,
        certSha256: outcome.certSha256,
      };
    },
  );

  app.post(
    '/api/v1/page/check',
    {
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Analyse a saved HTML page',
        querystring: RecordQuery,
        body: PageCheckRequest,
        response: { 200: PageCheckResponse },
      },
    },
    async (request) => {
      requirePrincipal(request);
      const v = runPageCheck(deps.detectors(), request.body.html, request.body.url);
      await record(request, request.query.record, pageFindings(request.body.url, v));
      return {
        verdict: v.verdict,
        score: v.score,
        ...(v.kind ? { kind: v.kind } : {}),
        ...(v.brand ? { brand: v.brand } : {}),
        reasons: v.reasons,
        asks: [...v.asks],
        apkLinks: v.apkLinks,
      };
    },
  );
};
