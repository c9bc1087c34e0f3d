/** Bulk import of claims from a CSV or JSONL file, sent in chunks with a progress bar. */
import { useState } from 'react';
import { asArray, asRecord, isRecord, num, post, str } from '../api.ts';
import { useI18n } from '../i18n.tsx';

const CHUNK = 500;
const COLUMNS = ['type', 'value', 'verdict', 'fraudType', 'confidence', 'source'] as const;

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((c) => c !== '')) rows.push(row);
  return rows;
};

const claimsOf = (name: string, text: string): Array<Record<string, unknown>> => {
  if (/\.jsonl?$/i.test(name)) {
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        try {
          const v: unknown = JSON.parse(l);
          return isRecord(v) ? v : {};
        } catch {
          return {};
        }
      });
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const hasHeader = header.includes('type') && header.includes('value');
  const names = hasHeader ? header : [...COLUMNS];
  return rows.slice(hasHeader ? 1 : 0).map((cells) => {
    const o: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const c = cells[i]?.trim();
      if (c) o[n] = n === 'confidence' ? Number(c) : c;
    });
    return o;
  });
};

export const ImportPage = () => {
  const { t } = useI18n();
  const [progress, setProgress] = useState<{
    done: number;
    total: number;
    accepted: number;
    rejected: number;
  } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const run = async (file: File) => {
    setBusy(true);
    setProblems([]);
    const claims = claimsOf(file.name, await file.text()).map((c) => ({
      verdict: 'fraud',
      confidence: 0.7,
      source: `console-import:${file.name}`,
      ...c,
    }));
    let accepted = 0;
    let rejected = 0;
    const found: string[] = [];
    setProgress({ done: 0, total: claims.length, accepted, rejected });
    for (let i = 0; i < claims.length; i += CHUNK) {
      try {
        const r = asRecord(await post('/api/v1/claims', { claims: claims.slice(i, i + CHUNK) }));
        accepted += num(r['accepted']);
        for (const x of asArray(r['rejected'])) {
          const o = asRecord(x);
          rejected++;
          if (found.length < 50)
            found.push(`#${i + num(o['index']) + 1} ${str(o['field'])}: ${str(o['message'])}`);
        }
      } catch (e) {
        rejected += Math.min(CHUNK, claims.length - i);
        if (found.length < 50) found.push(`#${i + 1}…: ${e instanceof Error ? e.message : String(e)}`);
      }
      setProgress({ done: Math.min(claims.length, i + CHUNK), total: claims.length, accepted, rejected });
    }
    setProblems(found);
    setBusy(false);
  };

  return (
    <div className="page">
      <h2>{t('importTitle')}</h2>
      <p className="muted">
        {t('importHelp').split('{columns}')[0]}
        <code>type,value,verdict,fraudType,confidence,source</code>
        {t('importHelp').split('{columns}')[1]}
      </p>
      <input
        type="file"
        accept=".csv,.jsonl,.json,text/csv"
        disabled={busy}
        aria-label={t('importStart')}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void run(f);
        }}
      />
      {progress ? (
        <div
          className="progress-block"
          data-done={progress.done}
          data-total={progress.total}
          data-accepted={progress.accepted}
          data-rejected={progress.rejected}
        >
          <progress max={Math.max(1, progress.total)} value={progress.done} />
          <p>
            {progress.done} / {progress.total} · {t('accepted')} {progress.accepted} · {t('rejected')}{' '}
            {progress.rejected}
          </p>
        </div>
      ) : null}
      <ul className="problems">
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </div>
  );
};
