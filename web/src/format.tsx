/** Small shared renderers: verdict badges, times, scores. */
import { useI18n } from './i18n.tsx';

export const Verdict = ({ verdict }: { verdict: string }) => {
  const { t } = useI18n();
  const key =
    verdict === 'fraud' || verdict === 'suspicious' || verdict === 'allowed' || verdict === 'unknown'
      ? (`verdict_${verdict}` as const)
      : null;
  return <span className={`badge v-${verdict}`}>{key ? t(key) : verdict}</span>;
};

export const time = (ms: number, lang: 'zh' | 'en'): string =>
  ms > 0
    ? new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : '—';

export const score = (s: number): string => s.toFixed(2);
