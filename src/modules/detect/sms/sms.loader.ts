/**
 * Loads a detector version from disk: `model.json` and `config.json` in one folder (by default the
 * committed models/sms). Start-up I/O, so failures throw one clear domain error naming the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../shared/errors.ts';
import { createSmsClassifier, parseSmsDetectorConfig, type SmsClassifier } from './sms.detector.ts';
import { parseSmsModel } from './sms.model.ts';

export const DEFAULT_SMS_MODEL_DIR = new URL('../../../../models/sms', import.meta.url).pathname;

const readJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DomainError(
      'unavailable',
      `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      path,
    );
  }
};

export const loadSmsClassifier = (dir: string = DEFAULT_SMS_MODEL_DIR): SmsClassifier => {
  const config = parseSmsDetectorConfig(readJson(join(dir, 'config.json')));
  const model = parseSmsModel(readJson(join(dir, 'model.json')));
  if (model.version !== config.version)
    throw new DomainError(
      'invalid_value',
      `model ${model.version} does not match config ${config.version}`,
      'version',
    );
  return createSmsClassifier(model, config);
};
