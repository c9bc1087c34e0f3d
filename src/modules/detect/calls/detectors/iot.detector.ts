/** IoT cards (物联网卡): voice or SMS use, a device other than the bound one, or activity outside the bound area. */
import { Type } from '@sinclair/typebox';
import { scoreRules, type CallDetector } from './detector.types.ts';

export const IotConfigSchema = Type.Object({
  maxVoiceCalls: Type.Number({ default: 0 }),
  fraudAt: Type.Number({ default: 0.6 }),
  suspiciousAt: Type.Number({ default: 0.3 }),
});

export interface IotFeatures {
  readonly voiceCalls: number;
  readonly sms: number;
  readonly foreignDevices: readonly string[];
  readonly foreignPlaces: readonly string[];
}

export const iotDetector: CallDetector<
  { boundImei: string | undefined; boundArea: string | undefined },
  IotFeatures,
  typeof IotConfigSchema
> = {
  id: 'calls.iot-misuse',
  version: '1.0.0',
  configSchema: IotConfigSchema,
  defaultConfig: { maxVoiceCalls: 0, fraudAt: 0.6, suspiciousAt: 0.3 },
  evaluate(input, f, c) {
    return scoreRules(
      [
        {
          holds: f.voiceCalls > c.maxVoiceCalls,
          weight: 0.7,
          reason: {
            code: 'iot_voice',
            message: `${f.voiceCalls} voice calls on a data-only IoT card`,
            value: f.voiceCalls,
            threshold: c.maxVoiceCalls,
          },
        },
        {
          holds: f.sms > 0,
          weight: 0.3,
          reason: { code: 'iot_sms', message: `${f.sms} SMS on an IoT card`, value: f.sms },
        },
        {
          holds: f.foreignDevices.length > 0,
          weight: 0.6,
          reason: {
            code: 'iot_other_device',
            message: `used in ${f.foreignDevices.length} device(s) other than the bound ${input.boundImei ?? '(none)'}`,
          },
        },
        {
          holds: f.foreignPlaces.length > 0,
          weight: 0.6,
          reason: {
            code: 'iot_outside_area',
            message: `active in ${f.foreignPlaces.join(', ')} outside the bound area ${input.boundArea ?? '(none)'}`,
          },
        },
      ],
      c.fraudAt,
      c.suspiciousAt,
    );
  },
};
