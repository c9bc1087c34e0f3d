/** 公众服务: check a number or link (风险查询) and report fraud — built for a phone first. */
import { useEffect, useState } from 'react';
import { ApiError, asArray, asRecord, get, getIfAvailable, num, post, str } from '../api.ts';
import { time, Verdict } from '../format.tsx';
import { useI18n } from '../i18n.tsx';
import { solveChallenge } from '../pow.ts';
import { ADVICE, sayReason } from '../reasons.ts';
import { navigate, useLocation } from '../router.ts';

const CHANNELS = ['call', 'sms', 'app', 'website', 'social', 'transfer', 'other'] as const;
const CHANNEL_LABELS: Readonly<Record<(typeof CHANNELS)[number], readonly [string, string]>> = {
  call: ['电话', 'Phone call'],
  sms: ['短信', 'SMS'],
  app: ['App', 'App'],
  website: ['网站', 'Website'],
  social: ['社交软件（QQ、微信）', 'Social (QQ, WeChat)'],
  transfer: ['转账', 'Transfer'],
  other: ['其他', 'Other'],
};

const Lookup = () => {
  const { t, v, lang, label } = useI18n();
  const [value, setValue] = useState('');
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel" data-panel="lookup">
      <h3>{t('lookupTitle')}</h3>
      <form
        className="search stack"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          get('/api/v1/lookup', { value })
            .then((b) => setResult(asRecord(b)))
            .catch((x: unknown) => {
              setResult(null);
              setError(x instanceof Error ? x.message : String(x));
            });
        }}
      >
        <input
          name="value"
          inputMode="url"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t('lookupPlaceholder')}
          aria-label={t('lookupTitle')}
        />
        <button type="submit">{t('lookupGo')}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {result ? (
        <div className="lookup-result" data-verdict={str(result['verdict'])}>
          <p>
            <Verdict verdict={str(result['verdict'], 'unknown')} />{' '}
            <code translate="no">{str(result['normalized'])}</code> ({v('resourceType', str(result['type']))})
            · {t('score')} {num(result['score']).toFixed(2)}
          </p>
          {result['fraudType'] ? <p>{label(str(result['fraudType']))}</p> : null}
          <p className="advice" data-testid="advice">
            {
              (ADVICE[str(result['verdict'], 'unknown')] ?? ADVICE['unknown'] ?? ['', ''])[
                lang === 'zh' ? 0 : 1
              ]
            }
          </p>
          <ul>
            {asArray(result['reasons']).map((r, i) => (
              <li key={i}>{sayReason(str(r), lang)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
};

const ReportForm = () => {
  const { t, lang } = useI18n();
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('sms');
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  // What the reporter has: numbers, links, accounts, bank accounts, one per line; the amount lost; screenshots.
  const [values, setValues] = useState('');
  const [amount, setAmount] = useState('');
  const [files, setFiles] = useState<Array<{ name: string; contentBase64: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  const valueList = values
    .split(/\n/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

  const readFiles = async (list: FileList | null) => {
    const picked = [...(list ?? [])].slice(0, 4);
    const read = (f: File) =>
      new Promise<{ name: string; contentBase64: string }>((resolve, reject) => {
        const r = new FileReader();
        r.onerror = () => reject(new Error(f.name));
        r.onload = () =>
          resolve({
            name: f.name,
            contentBase64: (typeof r.result === 'string' ? r.result : '').replace(/^data:[^,]*,/, ''),
          });
        r.readAsDataURL(f);
      });
    setFiles(await Promise.all(picked.map(read)));
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const challenge = asRecord(await getIfAvailable('/api/v1/reports/challenge'));
      let pow: { challenge: string; nonce: string } | undefined;
      if (typeof challenge['challenge'] === 'string')
        pow = {
          challenge: challenge['challenge'],
          nonce: await solveChallenge(challenge['challenge'], num(challenge['difficulty'])),
        };
      const body = asRecord(
        await post('/api/v1/reports', {
          channel,
          text,
          ...(contact ? { contact } : {}),
          ...(valueList.length > 0 ? { values: valueList } : {}),
          ...(amount !== '' && Number.isFinite(Number(amount)) ? { amountLost: Number(amount) } : {}),
          ...(files.length > 0 ? { files } : {}),
          ...(pow ? { pow } : {}),
        }),
      );
      setReceipt(str(body['receipt']));
      setText('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) setUnavailable(true);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-panel="report" data-state={unavailable ? 'unavailable' : 'ready'}>
      <h3>{t('reportTitle')}</h3>
      {unavailable ? <p className="muted unavailable">{t('notAvailable')}</p> : null}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('reportChannel')}
          <select
            name="channel"
            value={channel}
            onChange={(e) => setChannel(CHANNELS.find((c) => c === e.target.value) ?? 'other')}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c][lang === 'zh' ? 0 : 1]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportText')}
          <textarea
            name="text"
            rows={5}
            required
            minLength={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label>
          {t('reportValues')}
          <textarea name="values" rows={3} value={values} onChange={(e) => setValues(e.target.value)} />
        </label>
        <label>
          {t('reportAmount')}
          <input
            name="amountLost"
            type="number"
            min={0}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label>
          {t('reportFiles')}
          <input
            name="files"
            type="file"
            accept="image/png,image/jpeg,application/pdf"
            multiple
            onChange={(e) => void readFiles(e.target.files)}
          />
        </label>
        <label>
          {t('reportContact')}
          <input name="contact" value={contact} onChange={(e) => setContact(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || text.trim().length < 5}>
          {busy ? t('reportSolving') : t('reportSubmit')}
        </button>
      </form>
      {receipt ? (
        <p className="ok" data-receipt={receipt}>
          {t('reportReceipt')} <code translate="no">{receipt}</code> ·{' '}
          <a
            href={`/app/public/receipt?r=${receipt}`}
            onClick={(e) => (e.preventDefault(), navigate(`/app/public/receipt?r=${receipt}`))}
          >
            {t('receiptCheck')}
          </a>
        </p>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </section>
  );
};

/** 回执查询: a reporter follows the report by its receipt (received → under review → confirmed / closed). */
const ReceiptStatus = () => {
  const { t, v, lang } = useI18n();
  const { query } = useLocation();
  const [receipt, setReceipt] = useState(query.get('r') ?? '');
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = (r: string) => {
    setError(null);
    get(`/api/v1/reports/${encodeURIComponent(r.trim())}`)
      .then((b) => setResult(asRecord(b)))
      .catch((x: unknown) => {
        setResult(null);
        setError(
          x instanceof ApiError && x.status === 404
            ? t('receiptUnknown')
            : x instanceof ApiError && x.status === 400
              ? t('receiptMalformed')
              : t('error'),
        );
      });
  };
  const initial = query.get('r');
  useEffect(() => {
    if (initial) check(initial);
    // Only the receipt in the address is checked on arrival; later checks come from the form.
  }, [initial]);
  return (
    <section className="panel" data-panel="receipt">
      <h3>{t('receiptTitle')}</h3>
      <form
        className="search stack"
        onSubmit={(e) => {
          e.preventDefault();
          check(receipt);
        }}
      >
        <input
          name="receipt"
          value={receipt}
          onChange={(e) => setReceipt(e.target.value)}
          placeholder="ABCD-EFGH-JKMN"
          aria-label={t('receiptTitle')}
        />
        <button type="submit">{t('lookupGo')}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      {result ? (
        <dl className="facts receipt-result" data-status={str(result['status'])}>
          <dt>{t('status')}</dt>
          <dd>
            <strong>{v('reportStatus', str(result['status']))}</strong>
          </dd>
          <dt>{t('channel')}</dt>
          <dd>{v('reportChannel', str(result['channel']))}</dd>
          <dt>{t('submittedAt')}</dt>
          <dd>{time(num(result['submittedAt']), lang)}</dd>
          <dt>{t('similarReports')}</dt>
          <dd>{num(result['similarReports'])}</dd>
        </dl>
      ) : null}
    </section>
  );
};

export const PublicPage = () => {
  const { t } = useI18n();
  const { path } = useLocation();
  const go = (to: string) => (e: React.MouseEvent) => (e.preventDefault(), navigate(to));
  return (
    <div className="page public">
      <h2>{t('navPublic')}</h2>
      <nav className="tabs" aria-label={t('navPublic')}>
        <a
          href="/app/public"
          onClick={go('/app/public')}
          className={path === '/app/public' ? 'active' : undefined}
        >
          {t('lookupGo')} · {t('reportTitle')}
        </a>
        <a
          href="/app/public/receipt"
          onClick={go('/app/public/receipt')}
          className={path.startsWith('/app/public/receipt') ? 'active' : undefined}
        >
          {t('receiptTitle')}
        </a>
      </nav>
      {path.startsWith('/app/public/receipt') ? (
        <ReceiptStatus />
      ) : (
        <>
          <Lookup />
          <ReportForm />
        </>
      )}
    </div>
  );
};
