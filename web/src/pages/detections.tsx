/** 监测发现: SMS campaigns, URL/page/app checks and call alerts, as far as each engine exists. */
import { useState } from 'react';
import { ApiError, request } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { PluginPanel } from '../plugin-panel.tsx';

const UrlCheck = () => {
  const { t } = useI18n();
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const check = async () => {
    try {
      const body = await request('POST', '/api/v1/url/check', { url });
      setResult(JSON.stringify(body, null, 2));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) setUnavailable(true);
      else setResult(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section
      className="panel plugin"
      data-plugin="url-check"
      data-state={unavailable ? 'unavailable' : 'ready'}
    >
      <h3>{t('urlCheck')}</h3>
      {unavailable ? <p className="muted unavailable">{t('notAvailable')}</p> : null}
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          aria-label={t('urlCheck')}
        />
        <button type="submit">{t('check')}</button>
      </form>
      {result ? <pre className="result">{result}</pre> : null}
    </section>
  );
};

export const Detections = () => {
  const { t } = useI18n();
  return (
    <div className="page">
      <h2>{t('navDetections')}</h2>
      <PluginPanel id="sms-templates" title={t('smsTemplates')} path="/api/v1/sms/templates" />
      <UrlCheck />
      <PluginPanel id="call-alerts" title={t('callAlerts')} path="/api/v1/calls/alerts" />
    </div>
  );
};
