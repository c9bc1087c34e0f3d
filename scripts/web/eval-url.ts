/** 5-fold stratified cross-validation of the URL model on the shared data (re-trained per fold). */
import {
  binaryScores,
  featurize,
  stratifiedFolds,
  trainUrlModel,
  type BinaryScores,
  type LabelledUrl,
} from '../../src/modules/detect/web/url-train.ts';
import { urlProbability } from '../../src/modules/detect/web/url-model.ts';
import { DEFAULT_BRANDS } from '../../src/modules/brands/brands.data.ts';
import { buildWebDetectors, runUrlCheck } from '../../src/modules/detect/web/web.service.ts';

export interface UrlCvFigures {
  readonly overall: BinaryScores;
  readonly bySource: Readonly<Record<string, BinaryScores>>;
  /** The whole detector as `url check` runs it (model of the fold + look-alikes + allow-list), verdict ≠ benign. */
  readonly detector: Readonly<Record<string, BinaryScores>>;
}

export const crossValidateUrlModel = (rows: readonly LabelledUrl[], k = 5, seed = 7): UrlCvFigures => {
  const features = featurize(rows);
  const fold = stratifiedFolds(rows, k, seed);
  const predicted = new Array<boolean>(rows.length).fill(false);
  const flagged = new Array<boolean>(rows.length).fill(false);
  for (let f = 0; f < k; f++) {
    const trainIdx = rows.map((_, i) => i).filter((i) => fold[i] !== f);
    const model = trainUrlModel(
      trainIdx.map((i) => rows[i]).filter((r): r is LabelledUrl => r !== undefined),
      trainIdx.map((i) => features[i]).filter((x) => x !== undefined),
    );
    const detectors = buildWebDetectors(DEFAULT_BRANDS, model);
    rows.forEach((row, i) => {
      const feat = features[i];
      if (fold[i] !== f || !feat) return;
      predicted[i] = urlProbability(model, feat) >= model.threshold;
      try {
        const req = row.bareDomain ? { domain: row.text } : { url: row.text };
        flagged[i] = runUrlCheck(detectors, req).verdict !== 'benign';
      } catch {
        flagged[i] = false;
      }
    });
  }
  const truth = rows.map((r) => r.malicious);
  const bySource: Record<string, BinaryScores> = {};
  const detector: Record<string, BinaryScores> = {};
  const sources = [...new Set(rows.map((r) => r.source))];
  for (const source of sources) {
    const idx = rows.map((r, i) => (r.source === source ? i : -1)).filter((i) => i >= 0);
    const t = idx.map((i) => truth[i] ?? false);
    bySource[source] = binaryScores(
      t,
      idx.map((i) => predicted[i] ?? false),
    );
    detector[source] = binaryScores(
      t,
      idx.map((i) => flagged[i] ?? false),
    );
  }
  // The Chinese benign list is also the detector's allow-list, so it is left out of the detector total.
  const shared = rows.map((r, i) => (r.source !== 'cn-benign' ? i : -1)).filter((i) => i >= 0);
  detector.total = binaryScores(
    shared.map((i) => truth[i] ?? false),
    shared.map((i) => flagged[i] ?? false),
  );
  return { overall: binaryScores(truth, predicted), bySource, detector };
};
