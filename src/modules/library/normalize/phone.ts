/**
 * Phone numbers → E.164 with `+`. Chinese numbers (most of the library) take a hand-written fast path
 * that also attributes operator, number type and place from the number block; everything else goes
 * through libphonenumber-js with the full metadata, which is ~20× slower but right for the rest of the world.
 */
import {
  parsePhoneNumberFromString,
  isSupportedCountry,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';
import type { AttributeValue, NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { placeOfAreaCode, placeOfMobile, type Place } from './number-blocks.ts';

export type ChineseOperator =
  'china_mobile' | 'china_unicom' | 'china_telecom' | 'china_broadnet' | 'china_satcom';
type Segment = readonly [ChineseOperator, 'mobile' | 'virtual' | 'satellite'];

const M = 'china_mobile';
const U = 'china_unicom';
const T = 'china_telecom';
const segments = (operator: ChineseOperator, type: Segment[1], list: string): Array<[string, Segment]> =>
  list.split(' ').map((s) => [s, [operator, type]]);

/** MIIT segment allocations (3 digits, with 4-digit exceptions); virtual operators ride a host network. */
const MOBILE_SEGMENTS: ReadonlyMap<string, Segment> = new Map([
  ...segments(
    M,
    'mobile',
    '134 135 136 137 138 139 147 148 150 151 152 157 158 159 172 178 182 183 184 187 188 195 197 198',
  ),
  ...segments(U, 'mobile', '130 131 132 145 146 155 156 166 175 176 185 186 196'),
  ...segments(T, 'mobile', '133 149 153 173 174 177 180 181 189 190 191 193 199'),
  ...segments('china_broadnet', 'mobile', '192'),
  ...segments('china_satcom', 'satellite', '1349'),
  ...segments(T, 'virtual', '1700 1701 1702 162'),
  ...segments(M, 'virtual', '1703 1705 1706 165'),
  ...segments(U, 'virtual', '1704 1707 1708 1709 171 167'),
]);

/** The same table as arrays indexed by the leading digits, for the hot path (no substring, no hashing). */
const SEGMENT_BY_3: ReadonlyArray<Segment | undefined> = Array.from({ length: 1000 }, (_, i) =>
  MOBILE_SEGMENTS.get(String(i)),
);
const SEGMENT_BY_4: ReadonlyArray<Segment | undefined> = Array.from({ length: 10000 }, (_, i) =>
  MOBILE_SEGMENTS.get(String(i)),
);
const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/**
 * A mobile number's attributes follow from its segment and its block's place alone, so numbers of the same
 * segment and place share one frozen object: a bulk import then builds (and serialises, see
 * `attributesJson`) a few thousand of them rather than one per number. Bounded by segments × places.
 */
const MOBILE_ATTRIBUTES = new Map<Segment, Map<Place | undefined, NormalizedValue['attributes']>>();
const mobileAttributes = (segment: Segment, place: Place | undefined): NormalizedValue['attributes'] => {
  let byPlace = MOBILE_ATTRIBUTES.get(segment);
  if (!byPlace)
    MOBILE_ATTRIBUTES.set(segment, (byPlace = new Map<Place | undefined, NormalizedValue['attributes']>()));
  const held = byPlace.get(place);
  if (held) return held;
  const [operator, numberType] = segment;
  // One object literal per shape keeps the readers monomorphic.
  const attributes: NormalizedValue['attributes'] = place
    ? Object.freeze({
        country: 'CN',
        numberType,
        operator,
        province: place.province,
        city: place.city,
        provinceEn: place.provinceEn,
      })
    : Object.freeze({ country: 'CN', numberType, operator });
  byPlace.set(place, attributes);
  return attributes;
};

/** 13-digit machine-to-machine numbers (物联网卡). */
const IOT_PREFIXES: ReadonlyArray<readonly [string, ChineseOperator]> = [
  ['10646', U],
  ['10649', T],
  ['1064', M],
  ['1440', M],
  ['148', M],
  ['146', U],
  ['1410', T],
];

/** Short and shared service numbers: bank and utility hot lines (95xxx), local services (96xxx), 400/800. */
const SERVICE = /^(?:95\d{3,4}|96\d{3,6}|[48]00\d{7}|100\d\d|123\d\d|1259\d{4,9})$/;

type Scanned = { readonly plus: boolean; readonly digits: string };

/** Digits and a leading `+` from the raw text; undefined if anything but digits and separators appears. */
const scan = (raw: string): Scanned | undefined => {
  const start = raw.length > 4 && (raw.startsWith('tel:') || raw.startsWith('TEL:')) ? 4 : 0;
  // Most raw numbers are plain digits with an optional `+`: take them without building a new string.
  const first = raw.charCodeAt(start);
  let plain = start < raw.length;
  for (let i = first === 43 ? start + 1 : start; i < raw.length && plain; i++) {
    const c = raw.charCodeAt(i);
    plain = c >= 48 && c <= 57;
  }
  if (plain && raw.length > start + (first === 43 ? 1 : 0)) {
    return first === 43
      ? { plus: true, digits: raw.slice(start + 1) }
      : { plus: false, digits: raw.slice(start) };
  }
  let digits = '';
  let plus = false;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += raw[i];
    else if (c >= 0xff10 && c <= 0xff19) digits += String.fromCharCode(c - 0xfee0);
    else if (c === 43 || c === 0xff0b) {
      if (digits !== '' || plus) return undefined;
      plus = true;
    } else if (
      c === 32 ||
      c === 45 ||
      c === 40 ||
      c === 41 ||
      c === 46 ||
      c === 9 ||
      c === 0xa0 ||
      c === 0x3000 ||
      c === 0xff08 ||
      c === 0xff09 ||
      c === 0xff0d ||
      (c >= 0x2010 && c <= 0x2015)
    ) {
      continue;
    } else return undefined;
  }
  return digits === '' ? undefined : { plus, digits };
};

const problem = (message: string): ValueProblem => ({ type: 'phone', message });

const withPlace = (
  attributes: Record<string, AttributeValue>,
  place: Place | undefined,
): NormalizedValue['attributes'] => {
  if (place) {
    attributes['province'] = place.province;
    attributes['city'] = place.city;
    attributes['provinceEn'] = place.provinceEn;
  }
  return attributes;
};

const value = (
  national: string,
  display: string,
  attributes: NormalizedValue['attributes'],
): NormalizedValue => ({
  type: 'phone',
  normalized: `+86${national}`,
  display: `+86 ${display}`,
  attributes,
});

const chineseMobile = (n: string): Result<NormalizedValue, ValueProblem> => {
  const three = digitAt(n, 0) * 100 + digitAt(n, 1) * 10 + digitAt(n, 2);
  const segment = SEGMENT_BY_4[three * 10 + digitAt(n, 3)] ?? SEGMENT_BY_3[three];
  if (!segment) return err(problem(`${n.slice(0, 3)} is not an allocated Chinese mobile segment`));
  const place = placeOfMobile(n);
  const attributes = mobileAttributes(segment, place);
  return ok(value(n, `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, attributes));
};

const chineseFixed = (n: string): Result<NormalizedValue, ValueProblem> => {
  const codeLength = n.startsWith('10') || n.startsWith('2') ? 2 : 3;
  const code = n.slice(0, codeLength);
  const subscriber = n.slice(codeLength);
  if (!/^(?:10|2\d|[3-9]\d\d)$/.test(code)) return err(problem('not a Chinese area code'));
  if (!/^[1-9]\d{6,7}$/.test(subscriber) || (codeLength === 2 && subscriber.length !== 8)) {
    return err(problem(`a fixed-line number in area 0${code} has ${codeLength === 2 ? 8 : '7 or 8'} digits`));
  }
  const attributes = withPlace(
    { country: 'CN', numberType: 'fixed', areaCode: `0${code}` },
    placeOfAreaCode(code),
  );
  return ok(value(n, `${code} ${subscriber}`, attributes));
};

/** A Chinese national number; `trunk` says whether a fixed line still carries its leading 0. */
const chinese = (n: string, afterCountryCode: boolean): Result<NormalizedValue, ValueProblem> => {
  if (n.length === 11 && n.charCodeAt(0) === 49 && n.charCodeAt(1) >= 51) return chineseMobile(n);
  if (SERVICE.test(n)) return ok(value(n, n, { country: 'CN', numberType: 'service' }));
  if (n.length === 13) {
    const iot = IOT_PREFIXES.find(([prefix]) => n.startsWith(prefix));
    if (iot) return ok(value(n, n, { country: 'CN', numberType: 'iot', operator: iot[1] }));
  }
  if (n.startsWith('0')) {
    // `+86 (0)10 …` keeps the trunk 0 by habit; without a country code the 0 is required for fixed lines.
    // A trunk 0 before a 400/800 number is habit too: it is the same service number, not area 0800.
    const rest = n.slice(1);
    if (SERVICE.test(rest)) return ok(value(rest, rest, { country: 'CN', numberType: 'service' }));
    return n.length >= 10 && n.length <= 12 ? chineseFixed(rest) : err(problem('not a Chinese number'));
  }
  if (afterCountryCode && (n.length === 10 || n.length === 11)) return chineseFixed(n);
  if (n.length === 7 || n.length === 8)
    return err(problem('a local number needs its area code (e.g. 010-…)'));
  return err(problem(`${n.length} digits is not a Chinese mobile, fixed-line or service number`));
};

const NUMBER_TYPES: Record<NumberType & string, string> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed_or_mobile',
  TOLL_FREE: 'service',
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'service',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'service',
  VOICEMAIL: 'voicemail',
};

/** The default country as libphonenumber's type, checked once per call site rather than per number. */
const countryCache = new Map<string, CountryCode | undefined>();
const supportedCountry = (country: string): CountryCode | undefined => {
  if (!countryCache.has(country))
    countryCache.set(country, isSupportedCountry(country) ? country : undefined);
  return countryCache.get(country);
};

const international = (text: string, defaultCountry: string): Result<NormalizedValue, ValueProblem> => {
  const country = text.startsWith('+') ? undefined : supportedCountry(defaultCountry);
  const parsed = country ? parsePhoneNumberFromString(text, country) : parsePhoneNumberFromString(text);
  if (!parsed) return err(problem('not a possible phone number'));
  // Each check re-runs metadata patterns (~5 µs each), so do only those the answer needs.
  const valid = parsed.isValid();
  if (!valid) {
    if (!parsed.isPossible()) return err(problem('not a possible phone number'));
    // An invalid number can lose digits when its E.164 form is read again (a national prefix inside it);
    // only numbers whose E.164 form is a fixed point are keys.
    if (parsePhoneNumberFromString(parsed.number)?.number !== parsed.number) {
      return err(problem('not a valid phone number'));
    }
  }
  const type = valid ? parsed.getType() : undefined;
  const attributes: Record<string, AttributeValue> = {
    numberType: type ? NUMBER_TYPES[type] : 'unknown',
    valid,
  };
  if (parsed.country) attributes['country'] = parsed.country;
  return ok({ type: 'phone', normalized: parsed.number, display: parsed.formatInternational(), attributes });
};

const MAX_DIGITS = 17;

export const normalizePhone = (raw: string, defaultCountry = 'CN'): Result<NormalizedValue, ValueProblem> => {
  const scanned = scan(raw.trim());
  if (!scanned)
    return err(problem('a phone number has digits, spaces, dashes, brackets and a leading + only'));
  const { plus, digits } = scanned;
  if (digits.length > MAX_DIGITS + 4) return err(problem('too many digits for a phone number'));
  if (plus)
    return digits.startsWith('86')
      ? chinese(digits.slice(2), true)
      : international(`+${digits}`, defaultCountry);
  if (digits.startsWith('0086')) return chinese(digits.slice(4), true);
  if (digits.startsWith('00')) return international(`+${digits.slice(2)}`, defaultCountry);
  if (defaultCountry !== 'CN') return international(digits, defaultCountry);
  if (digits.length === 13 && digits.startsWith('861') && digits.charCodeAt(3) >= 51) {
    return chineseMobile(digits.slice(2));
  }
  return chinese(digits, false);
};
