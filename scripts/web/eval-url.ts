/**
 * 5-fold stratified cross-validation of the URL model on its training rows (re-trained per fold,
 * calibrated on the out-of-fold margins), read at the detector's suspicious threshold.
 */
import {
  DEFAULT_TRAIN_OPTIONS,
  binaryScores,
  calibrationOf,
  featurize,
  outOfFoldMargins,
  type BinaryScores,
  type LabelledUrl,
} from '../../src/modules/detect/web/url-train.ts';
import { sigmoid } from '../../src/modules/detect/web/url-model.ts';
import { DEFAULT_URL_THRESHOLDS } from '../../src/modules/detect/web/url-check.ts';

export interface UrlCvFigures {
  readonly bySource: Readonly<Record<string, BinaryScores>>;
}

export const crossValidateUrlModel = (rows: readonly LabelledUrl[], k = 5, seed = 7): UrlCvFigures => {
  const margins = outOfFoldMargins(rows, featurize(rows), DEFAULT_TRAIN_OPTIONS, k, seed);
  const calibration = calibrationOf(rows, margins, DEFAULT_TRAIN_OPTIONS);
  const flagged = rows.map((r, i) => {
    const [a, b] = r.bareDomain ? calibration.domain : calibration.url;
    return sigmoid(a * (margins[i] ?? 0) + b) >= DEFAULT_URL_THRESHOLDS.suspicious;
  });
  const bySource: Record<string, BinaryScores> = {};
  for (const source of new Set(rows.map((r) => r.source))) {
    const idx = rows.map((r, i) => (r.source === source ? i : -1)).filter((i) => i >= 0);
    bySource[source] = binaryScores(
      idx.map((i) => rows[i]?.malicious ?? false),
      idx.map((i) => flagged[i] ?? false),
    );
  }
  return { bySource };
};
