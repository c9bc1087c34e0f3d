/** What the 协同处置 screens share: keyset-paged lists, readable names, deadlines as clocks, badges. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useCatalog } from '../catalog.tsx';
import { time } from '../format.tsx';
import { useI18n, type VocabGroup } from '../i18n.tsx';
import { useKeyset } from '../table.tsx';
import { getPage, type Page } from './model.ts';

export interface PagedList<T> {
  readonly state: 'loading' | 'ready' | 'error';
  readonly error: string;
  readonly items: readonly T[];
  readonly onNext: (() => void) | undefined;
  readonly onPrev: (() => void) | undefined;
  readonly reload: () => void;
}

/** One keyset-paged list: `after` goes out, the answer's `nextCursor` comes back; filters reset the pages. */
export const usePagedList = <T,>(
  path: string,
  parse: (v: unknown) => T,
  query: Record<string, string | undefined>,
  limit = 50,
): PagedList<T> => {
  const pages = useKeyset();
  const [page, setPage] = useState<Page<T> | null>(null);
  const [state, setState] = useState<PagedList<T>['state']>('loading');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query);
  const { reset } = pages;
  useEffect(() => reset(), [queryKey, reset]);
  useEffect(() => {
    let cancelled = false;
    const q = JSON.parse(queryKey) as Record<string, string | undefined>;
    getPage(path, parse, { ...q, limit, after: pages.cursor })
      .then((p) => {
        if (cancelled) return;
        setPage(p);
        setState('ready');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      });
    return () => {
      cancelled = true;
    };
    // `parse` is a module-level function: the list depends on the path, filters, page and reloads.
  }, [path, queryKey, pages.cursor, limit, tick]);
  const next = page?.nextCursor;
  return {
    state,
    error,
    items: page?.items ?? [],
    onNext: next ? () => pages.next(next) : undefined,
    onPrev: pages.prev,
    reload: useCallback(() => setTick((n) => n + 1), []),
  };
};

/** An organisation by its name (the id only when the catalogue does not know it). */
export const OrgName = ({ id }: { id: string | null }) => {
  const { orgs } = useCatalog();
  if (!id) return <>—</>;
  const o = orgs.find((x) => x.id === id);
  return (
    <span title={id} translate="no">
      {o ? o.name : id}
    </span>
  );
};

/** Who did something: the signed-in user as "me", people by their name where known, the system as such. */
export const ActorName = ({ actor }: { actor: string | null }) => {
  const { t } = useI18n();
  const { users, me } = useCatalog();
  if (!actor) return <>—</>;
  if (actor === 'system' || actor.startsWith('system')) return <>{t('system')}</>;
  if (me && actor === me.actor)
    return (
      <span title={actor} translate="no">
        {me.displayName}
      </span>
    );
  const id = actor.replace(/^(user|key):/, '');
  const u = users.find((x) => x.id === id || x.username === id);
  if (u)
    return (
      <span title={actor} translate="no">
        {u.displayName}
      </span>
    );
  return (
    <span title={actor} className="muted">
      {actor.startsWith('key:') ? t('apiKey') : t('user')} <span translate="no">{id.slice(-4)}</span>
    </span>
  );
};

export const Code = ({ group, code }: { group: VocabGroup; code: string | null }) => {
  const { v } = useI18n();
  return <>{code ? v(group, code) : '—'}</>;
};

export const SeverityBadge = ({ severity }: { severity: string }) => {
  const { v } = useI18n();
  return <span className={`badge sev-${severity}`}>{v('severity', severity)}</span>;
};

export const StatusBadge = ({ group, status }: { group: VocabGroup; status: string }) => {
  const { v } = useI18n();
  return <span className={`badge st-${status}`}>{v(group, status)}</span>;
};

const span = (ms: number, lang: 'zh' | 'en'): string => {
  const m = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (m < 60) return lang === 'zh' ? `${m} 分钟` : `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return lang === 'zh' ? `${h} 小时` : `${h} h`;
  const d = Math.round(h / 24);
  return lang === 'zh' ? `${d} 天` : `${d} d`;
};

/** A deadline as a clock: the time, and how long is left or how long it is overdue (when not finished). */
export const Deadline = ({ at, finished }: { at: number | null; finished: boolean }) => {
  const { t, lang } = useI18n();
  if (at === null || at <= 0) return <>—</>;
  const left = at - Date.now();
  return (
    <span className={!finished && left < 0 ? 'overdue-text' : undefined} data-overdue={!finished && left < 0}>
      {time(at, lang)}
      {finished ? null : (
        <span className="small block">
          {left < 0 ? t('overdueBy', { t: span(left, lang) }) : t('remaining', { t: span(left, lang) })}
        </span>
      )}
    </span>
  );
};

export const errorText = (e: unknown): string =>
  e instanceof ApiError ? (e.field ? `${e.field}: ${e.message}` : e.message) : String(e);

/** A form's send button and its answer: the error the API gave, or "saved". */
export const useAction = () => {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (f: () => Promise<unknown>, ok: string): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      await f();
      setMessage({ ok: true, text: ok });
      return true;
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const view: ReactNode = message ? (
    <p className={message.ok ? 'ok small' : 'error small'} role="status">
      {message.text}
    </p>
  ) : null;
  return { busy, run, view };
};
