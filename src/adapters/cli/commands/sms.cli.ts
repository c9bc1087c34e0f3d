/**
 * `fanzha sms classify --in IN.jsonl --out OUT.jsonl` and `fanzha sms templates --in IN.jsonl`.
 * The classify contract is the one independent evaluation uses: one output line per input
 * line, same order; a malformed line gives `{"id"?, "error"}` and the run goes on; the exit code is
 * non-zero only when the input cannot be read (or the model cannot be loaded).
 */
import type { Command } from 'commander';
import { CliError, action } from '../cli-kit.ts';
import { openJsonlWriter, readJsonl } from '../jsonl.ts';
import type { SmsClassifier } from '../../../modules/detect/sms/sms.detector.ts';
import { loadSmsClassifier } from '../../../modules/detect/sms/sms.loader.ts';
import { TemplateClusterer, type TemplateMessage } from '../../../modules/detect/sms/templates.ts';

const MAX_TEXT = 20_000;

type ParsedMessage =
  | {
      readonly ok: true;
      readonly id: string | undefined;
      readonly text: string;
      readonly at: number | undefined;
    }
  | { readonly ok: false; readonly id: string | undefined; readonly error: string };

const timeOf = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
};

/** Checks one input record: `id` a string (or number, kept as text) and `text` a non-empty string. */
export const parseMessageLine = (value: unknown, line: number): ParsedMessage => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, id: undefined, error: `line ${line}: expected an object with "id" and "text"` };
  const rawId = 'id' in value ? value.id : undefined;
  const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : undefined;
  const text = 'text' in value ? value.text : undefined;
  if (typeof text !== 'string') return { ok: false, id, error: `line ${line}: "text" must be a string` };
  if (text.trim() === '') return { ok: false, id, error: `line ${line}: "text" is empty` };
  if (text.length > MAX_TEXT)
    return { ok: false, id, error: `line ${line}: "text" is longer than ${MAX_TEXT} characters` };
  const at = timeOf('time' in value ? value.time : 'at' in value ? value.at : undefined);
  return { ok: true, id, text, at };
};

const withId = (id: string | undefined): { id?: string } => (id === undefined ? {} : { id });

export const classifyFile = async (
  classifier: SmsClassifier,
  inPath: string,
  outPath: string,
): Promise<number> => {
  const out = openJsonlWriter(outPath);
  let count = 0;
  try {
    for await (const parsed of readJsonl(inPath)) {
      count++;
      if ('error' in parsed) {
        await out.write({ error: parsed.error });
        continue;
      }
      const m = parseMessageLine(parsed.value, parsed.line);
      if (!m.ok) {
        await out.write({ ...withId(m.id), error: m.error });
        continue;
      }
      try {
        const d = classifier.classify({ text: m.text });
        await out.write({
          ...withId(m.id),
          verdict: d.verdict,
          score: d.score,
          ...(d.fraudType ? { fraudType: d.fraudType } : {}),
          reasons: d.reasons,
        });
      } catch (e) {
        // A failure on one message is that message's result, never the end of the run.
        await out.write({ ...withId(m.id), error: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    await out.close();
  }
  return count;
};

export const templatesOfFile = async (
  classifier: SmsClassifier,
  inPath: string,
  outPath: string,
  minCount: number,
): Promise<{ messages: number; templates: number; errors: number }> => {
  const clusterer = new TemplateClusterer();
  let messages = 0;
  let errors = 0;
  for await (const parsed of readJsonl(inPath)) {
    const m = 'error' in parsed ? undefined : parseMessageLine(parsed.value, parsed.line);
    if (!m?.ok) {
      errors++;
      continue;
    }
    const d = classifier.classify({ text: m.text });
    const message: TemplateMessage = {
      text: m.text,
      verdict: d.verdict,
      ...(m.id !== undefined ? { id: m.id } : {}),
      ...(m.at !== undefined ? { at: m.at } : {}),
      ...(d.fraudType ? { fraudType: d.fraudType } : {}),
    };
    clusterer.add(message);
    messages++;
  }
  const out = openJsonlWriter(outPath);
  const templates = clusterer.templates().filter((t) => t.count >= minCount);
  try {
    for (const t of templates) {
      await out.write({
        id: t.id,
        pattern: t.pattern,
        count: t.count,
        firstSeen: t.firstSeen === undefined ? null : new Date(t.firstSeen).toISOString(),
        lastSeen: t.lastSeen === undefined ? null : new Date(t.lastSeen).toISOString(),
        verdicts: t.verdicts,
        ...(t.fraudType ? { fraudType: t.fraudType } : {}),
        samples: t.samples,
        resources: t.resources,
        messageIds: t.messageIds,
      });
    }
  } finally {
    await out.close();
  }
  return { messages, templates: templates.length, errors };
};

const stringOption = (opts: unknown, name: string): string | undefined => {
  const v: unknown = typeof opts === 'object' && opts !== null ? Reflect.get(opts, name) : undefined;
  return typeof v === 'string' ? v : undefined;
};

const requiredOption = (opts: unknown, name: string): string => {
  const v = stringOption(opts, name);
  if (v === undefined || v === '') throw new CliError(`--${name} is required`);
  return v;
};

const loadClassifier = (opts: unknown): SmsClassifier => {
  const dir = stringOption(opts, 'model');
  try {
    return dir ? loadSmsClassifier(dir) : loadSmsClassifier();
  } catch (e) {
    throw new CliError(`cannot load the SMS model: ${e instanceof Error ? e.message : String(e)}`);
  }
};

export const registerSmsCommands = (program: Command): void => {
  const sms = program.command('sms').description('SMS engine: classify messages, mine templates (campaigns)');
  sms
    .command('classify')
    .description('classify each {"id","text"} line as fraud, spam or normal, with fraud type and reasons')
    .requiredOption('--in <path>', 'input JSONL (`-` for stdin)')
    .requiredOption('--out <path>', 'output JSONL (`-` for stdout)')
    .option('--model <dir>', 'folder with model.json and config.json (default: models/sms)')
    .action(
      action(async (opts: unknown) => {
        const classifier = loadClassifier(opts);
        const n = await classifyFile(classifier, requiredOption(opts, 'in'), requiredOption(opts, 'out'));
        process.stderr.write(`fanzha sms classify: ${n} lines, ${classifier.version}\n`);
      }),
    );
  sms
    .command('templates')
    .description(
      'cluster the messages of a JSONL file into templates (campaigns) and print them, largest first',
    )
    .requiredOption('--in <path>', 'input JSONL: {"id","text","time"?} per line')
    .option('--out <path>', 'output JSONL (default: stdout)', '-')
    .option('--min-count <n>', 'only templates with at least this many messages', '1')
    .option('--model <dir>', 'folder with model.json and config.json (default: models/sms)')
    .action(
      action(async (opts: unknown) => {
        const minCount = Number(stringOption(opts, 'minCount') ?? '1');
        if (!Number.isInteger(minCount) || minCount < 1)
          throw new CliError('--min-count must be a positive integer');
        const classifier = loadClassifier(opts);
        const r = await templatesOfFile(
          classifier,
          requiredOption(opts, 'in'),
          stringOption(opts, 'out') ?? '-',
          minCount,
        );
        process.stderr.write(
          `fanzha sms templates: ${r.messages} messages, ${r.templates} templates, ${r.errors} bad lines\n`,
        );
      }),
    );
};
