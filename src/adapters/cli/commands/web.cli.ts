/**
 * `fanzha url check`, `fanzha app check`, `fanzha page check` (a contract: independent
 * evaluation reads these shapes, keep them). Batch commands stream JSONL; a malformed line becomes
 * `{"id"?, "error"}` and the run goes on.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { action, CliError, describeError } from '../cli-kit.ts';
import { openJsonlWriter, readJsonl } from '../jsonl.ts';
import { DEFAULT_BRANDS } from '../../../modules/brands/brands.data.ts';
import { BrandList } from '../../../modules/brands/brands.schema.ts';
import type { Brand } from '../../../modules/brands/brands.types.ts';
import { loadUrlModel } from '../../../modules/detect/web/url-model.ts';
import { appCheckRequest, firstError, urlCheckRequest } from '../../../modules/detect/web/web.schema.ts';
import {
  buildWebDetectors,
  runAppCheck,
  runPageCheck,
  runUrlCheck,
  type WebDetectors,
} from '../../../modules/detect/web/web.service.ts';

interface BatchOptions {
  readonly in: string;
  readonly out: string;
  readonly brands?: string;
}

const readOptions = (opts: unknown): BatchOptions => {
  if (typeof opts !== 'object' || opts === null) throw new CliError('missing options');
  const o = opts as Record<string, unknown>;
  if (typeof o.in !== 'string' || typeof o.out !== 'string')
    throw new CliError('--in and --out are required');
  return { in: o.in, out: o.out, ...(typeof o.brands === 'string' ? { brands: o.brands } : {}) };
};

/** The brand list: the defaults, or an analyst's exported list (`GET /api/v1/brands` output). */
const loadBrands = (path: string | undefined): readonly Brand[] => {
  if (!path) return DEFAULT_BRANDS;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read --brands ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Value.Check(BrandList, json)) {
    const err = firstError(Value.Errors(BrandList, json));
    throw new CliError(`--brands ${path}: ${err.field}: ${err.message}`);
  }
  return json;
};

const detectors = (brandsPath: string | undefined): WebDetectors => {
  try {
    return buildWebDetectors(loadBrands(brandsPath), loadUrlModel());
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot load the URL model: ${describeError(e)} (run npm run train:url)`);
  }
};

const idOf = (v: unknown): { id?: string | number } => {
  if (
    typeof v === 'object' &&
    v !== null &&
    'id' in v &&
    (typeof v.id === 'string' || typeof v.id === 'number')
  )
    return { id: v.id };
  return {};
};

const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const runBatch = async (
  opts: BatchOptions,
  check: (value: unknown) => Promise<Record<string, unknown>>,
): Promise<{ lines: number; errors: number }> => {
  const out = openJsonlWriter(opts.out);
  let lines = 0;
  let errors = 0;
  try {
    for await (const parsed of readJsonl(opts.in)) {
      lines++;
      if ('error' in parsed) {
        errors++;
        await out.write({ error: parsed.error });
        continue;
      }
      try {
        await out.write(await check(parsed.value));
      } catch (e) {
        errors++;
        await out.write({ ...idOf(parsed.value), error: `line ${parsed.line}: ${describeError(e)}` });
      }
    }
  } finally {
    await out.close();
  }
  return { lines, errors };
};

/** A JSONL batch check: --in, --out and --brands, one answer line per input line, a count on stderr. */
const batchCheck = (
  parent: Command,
  name: string,
  description: string,
  check: (d: WebDetectors, value: unknown) => Promise<Record<string, unknown>>,
): void => {
  parent
    .command('check')
    .description(description)
    .requiredOption('--in <file>', 'JSONL input (- for stdin)')
    .requiredOption('--out <file>', 'JSONL output (- for stdout)')
    .option('--brands <file>', 'protected brands as JSON (default: the built-in list)')
    .action(
      action(async (raw: unknown) => {
        const opts = readOptions(raw);
        const d = detectors(opts.brands);
        const { lines, errors } = await runBatch(opts, (value) => check(d, value));
        process.stderr.write(`${name} check: ${lines} lines, ${errors} errors\n`);
      }),
    );
};

export const registerWebCommands = (program: Command): void => {
  const url = program
    .command('url')
    .description('URLs and domains: look-alikes of protected brands, phishing, scams');
  batchCheck(
    url,
    'url',
    'check {"id","url"} or {"id","domain"} lines; writes {"id","verdict","score","brand"?,"kind"?,"reasons"}',
    (d, value) => {
      if (!urlCheckRequest.Check(value)) {
        const e = firstError(urlCheckRequest.Errors(value));
        throw new CliError(`${e.field}: expected {"id","url"} or {"id","domain"} (${e.message})`);
      }
      const v = runUrlCheck(d, value);
      return Promise.resolve(
        withoutUndefined({
          ...idOf(value),
          verdict: v.verdict,
          score: v.score,
          brand: v.brand,
          kind: v.kind,
          reasons: v.reasons,
        }),
      );
    },
  );

  const app = program.command('app').description('apps: counterfeit apps of protected brands (仿冒APP)');
  batchCheck(
    app,
    'app',
    'check {"id","package","label","certSha256"?} or {"id","apk"} lines; writes {"id","verdict","brand"?,"score","reasons"}',
    async (d, value) => {
      if (!appCheckRequest.Check(value)) {
        const e = firstError(appCheckRequest.Errors(value));
        throw new CliError(
          `${e.field}: expected {"id","package","label","certSha256"?} or {"id","apk"} (${e.message})`,
        );
      }
      const v = await runAppCheck(d, value);
      return withoutUndefined({
        ...idOf(value),
        verdict: v.verdict,
        brand: v.brand,
        score: v.score,
        reasons: v.reasons,
        package: v.package,
        label: v.label,
        certSha256: v.certSha256,
      });
    },
  );

  const page = program
    .command('page')
    .description('saved web pages: phishing pages of protected brands (钓鱼网页)');
  page
    .command('check')
    .description('analyse a saved HTML page and print the verdict as JSON')
    .requiredOption('--html <file>', 'the saved HTML')
    .requiredOption('--url <url>', 'the URL the page was saved from')
    .option('--brands <file>', 'protected brands as JSON (default: the built-in list)')
    .action(
      action((raw: unknown) => {
        if (typeof raw !== 'object' || raw === null) throw new CliError('missing options');
        const o = raw as Record<string, unknown>;
        if (typeof o.html !== 'string' || typeof o.url !== 'string')
          throw new CliError('--html and --url are required');
        let html: string;
        try {
          html = readFileSync(o.html, 'utf8');
        } catch (e) {
          throw new CliError(`cannot read --html ${o.html}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const d = detectors(typeof o.brands === 'string' ? o.brands : undefined);
        const v = runPageCheck(d, html, o.url);
        process.stdout.write(
          JSON.stringify(
            withoutUndefined({
              url: o.url,
              verdict: v.verdict,
              score: v.score,
              kind: v.kind,
              brand: v.brand,
              reasons: v.reasons,
              asks: v.asks,
              apkLinks: v.apkLinks,
            }),
          ) + '\n',
        );
      }),
    );
};
