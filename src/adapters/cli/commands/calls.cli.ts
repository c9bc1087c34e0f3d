/**
 * `fanzha calls …`: score Sichuan feature files, scan record files with every detector, generate
 * records. The contracts of `score` and `scan` are used by independent evaluation: keep them.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { action, CliError, describeError } from '../cli-kit.ts';
import { openJsonlWriter } from '../jsonl.ts';
import { loadFraudModel, type FraudModel } from '../../../modules/detect/calls/fraud-model.ts';
import {
  parseFeatureHeader,
  parseFeatureRow,
  type SichuanRow,
} from '../../../modules/detect/calls/sichuan.features.ts';
import { readRecords, recordToCsv, RECORD_CSV_COLUMNS } from '../records.reader.ts';
import { CallsEngine, type CallAlert } from '../../../modules/detect/calls/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../../modules/detect/calls/engine.config.ts';
import { generateCallRecords } from '../../../modules/detect/calls/generator.ts';
import { defaultParams, GeneratorParamsSchema } from '../../../modules/detect/calls/generator.params.ts';

const BATCH = 512;

const int = (name: string, v: unknown): number => {
  const n = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a non-negative integer`);
  return n;
};

export const scoreFeatureFile = async (
  input: string,
  out: string,
  modelPath?: string,
): Promise<{ scored: number; errors: number }> => {
  const model = await loadFraudModel(modelPath);
  const writer = openJsonlWriter(out);
  const rl = createInterface({ input: createReadStream(input, { encoding: 'utf8' }), crlfDelay: Infinity });
  let layout: ReturnType<typeof parseFeatureHeader> | undefined;
  let batch: Array<{ phone: string; row: SichuanRow }> = [];
  let scored = 0;
  let errors = 0;
  let line = 0;
  const flush = async (m: FraudModel): Promise<void> => {
    for (const s of m.score(batch))
      await writer.write({ phone: s.phone, verdict: s.verdict, score: s.score });
    scored += batch.length;
    batch = [];
  };
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      if (!layout) {
        layout = parseFeatureHeader(text);
        continue;
      }
      try {
        const { phone, row } = parseFeatureRow(layout, text);
        batch.push({ phone, row });
      } catch (e) {
        errors++;
        await writer.write({ line, error: describeError(e) });
      }
      if (batch.length >= BATCH) await flush(model);
    }
    if (!layout) throw new CliError(`${input} is empty: expected a CSV header with phone_no_m`);
    await flush(model);
  } finally {
    await writer.close();
    model.free();
  }
  return { scored, errors };
};

export const scanRecordFile = async (
  input: string,
  out: string,
  useModel: boolean,
): Promise<{ alerts: number; errors: number; stats: CallsEngine['stats'] }> => {
  const model = useModel ? await loadFraudModel() : undefined;
  const writer = openJsonlWriter(out);
  const pending: CallAlert[] = [];
  const engine = new CallsEngine(
    DEFAULT_ENGINE_CONFIG,
    (a) => pending.push(a),
    model ? (items) => model.score(items) : undefined,
  );
  let alerts = 0;
  let errors = 0;
  const drain = async (): Promise<void> => {
    for (const a of pending.splice(0)) {
      alerts++;
      await writer.write(a);
    }
  };
  try {
    for await (const item of readRecords(input)) {
      if ('error' in item) {
        if (errors++ < 5) process.stderr.write(`fanzha: skipped ${item.error}\n`);
        continue;
      }
      engine.ingest(item.record);
      if (pending.length > 0) await drain();
    }
    engine.finish();
    await drain();
  } finally {
    await writer.close();
    model?.free();
  }
  return { alerts, errors, stats: engine.stats };
};

export const registerCallsCommands = (program: Command): void => {
  const calls = program
    .command('calls')
    .description('call records: fraud numbers, SIM-boxes, 实名不实人, 踢网, IoT cards, Wangiri');
  calls
    .command('score')
    .description(
      'score a Sichuan-style feature CSV (phone_no_m + feature columns) with the fraud-number model',
    )
    .requiredOption('--features <file>', 'CSV with a header: phone_no_m and the Sichuan feature names')
    .requiredOption('--out <file>', 'JSONL output: {"phone","verdict","score"} per line ("-" for stdout)')
    .option('--model <file>', 'model file (default models/calls/fraud-number.json)')
    .action(
      action(async (opts: { features: string; out: string; model?: string }) => {
        const r = await scoreFeatureFile(opts.features, opts.out, opts.model);
        process.stderr.write(`scored ${r.scored} numbers${r.errors ? `, ${r.errors} bad rows` : ''}\n`);
      }),
    );
  calls
    .command('scan')
    .description('run every call detector over a file of records (JSONL or CSV)')
    .requiredOption('--in <file>', 'records, JSONL or .csv (see src/modules/detect/calls/RECORDS.md)')
    .requiredOption(
      '--out <file>',
      'JSONL alerts {"detector","subject","verdict","score","reasons","window",…}',
    )
    .option('--no-model', 'skip the fraud-number model')
    .action(
      action(async (opts: { in: string; out: string; model: boolean }) => {
        const r = await scanRecordFile(opts.in, opts.out, opts.model);
        process.stderr.write(
          `${r.alerts} alerts from ${r.stats.accepted} records (${r.stats.duplicates} duplicates, ${r.stats.late} late, ${r.errors} invalid)\n`,
        );
      }),
    );
  calls
    .command('generate')
    .description('generate seeded call records with injected fraud behaviour and ground truth')
    .requiredOption('--seed <n>', 'PRNG seed')
    .option('--subscribers <n>', 'ordinary subscribers', '2000')
    .option('--days <n>', 'simulated days', '14')
    .requiredOption('--out <file>', 'records file (.jsonl, or .csv)')
    .option('--truth <file>', 'ground truth JSON (default: <out>.truth.json)')
    .option('--param <name=value...>', 'override any generator parameter (see RECORDS.md)')
    .action(
      action(
        (opts: {
          seed: string;
          subscribers: string;
          days: string;
          out: string;
          truth?: string;
          param?: string[];
        }) => {
          const params: Record<string, unknown> = {
            ...defaultParams(
              int('seed', opts.seed),
              int('subscribers', opts.subscribers),
              int('days', opts.days),
            ),
          };
          for (const p of opts.param ?? []) {
            const [k, v] = p.split('=');
            if (!k || v === undefined || !(k in params))
              throw new CliError(`--param ${p}: unknown parameter`);
            params[k] = Number(v);
          }
          if (!Value.Check(GeneratorParamsSchema, params)) {
            const first = Value.Errors(GeneratorParamsSchema, params).First();
            throw new CliError(`invalid generator parameter ${first?.path ?? ''}: ${first?.message ?? ''}`);
          }
          const { records, truth } = generateCallRecords(params);
          const csv = opts.out.endsWith('.csv');
          const body = csv
            ? [RECORD_CSV_COLUMNS.join(','), ...records.map(recordToCsv)]
            : records.map((r) => JSON.stringify(r));
          writeFileSync(opts.out, body.join('\n') + '\n');
          writeFileSync(opts.truth ?? `${opts.out}.truth.json`, JSON.stringify(truth, null, 1) + '\n');
          process.stderr.write(`wrote ${records.length} records to ${opts.out}\n`);
        },
      ),
    );
};
