/**
 * The typed-array gang graph: communities of two dense groups, edges added after a detection reached
 * through the side index (weights summed, evidence kept up to five), incremental joins, and ids that
 * are not nodes refused.
 */
import { describe, expect, it } from 'vitest';
import { GangGraph } from './gang.graph.ts';
import { components } from './louvain.ts';

const ev = (source: string, at = 1) => ({ kind: 'test', source, at });

/** Two cliques of five (a0..a4, b0..b4) joined by one light edge a0–b0. */
const twoCliques = (): GangGraph => {
  const g = new GangGraph();
  for (const p of ['a', 'b'])
    for (let i = 0; i < 5; i++)
      for (let j = i + 1; j < 5; j++) g.addEdge(`${p}${i}`, `${p}${j}`, 1, ev(`${p}${i}${j}`, i * 10 + j));
  g.addEdge('a0', 'b0', 0.1, ev('bridge'));
  return g;
};

const communityOf = (g: GangGraph, key: string): number => g.community[g.index.get(key) ?? -1] ?? -1;

describe('GangGraph', () => {
  it('finds the two cliques as two communities of five', () => {
    const g = twoCliques();
    expect(g.detect()).toBe(2);
    expect(g.groups(3).map((m) => m.length)).toEqual([5, 5]);
    expect(communityOf(g, 'a3')).toBe(communityOf(g, 'a0'));
    expect(communityOf(g, 'b3')).not.toBe(communityOf(g, 'a3'));
    expect(g.edges).toBe(21);
    expect(g.firstAt[g.index.get('a0') ?? -1]).toBe(1);
    expect(g.lastAt[g.index.get('a4') ?? -1]).toBe(34);
  });

  it('reads edges added after a detection, parallel ones summed and evidence capped at five', () => {
    const g = twoCliques();
    g.detect();
    for (let k = 0; k < 7; k++) g.addEdge('a1', 'a2', 1, ev(`extra${k}`));
    const members = ['a0', 'a1', 'a2', 'a3', 'a4'].map((k) => g.index.get(k) ?? -1);
    const edge = g.edgesWithin(members)[0];
    expect(edge).toMatchObject({ from: 'a1', to: 'a2', weight: 8 });
    expect(edge?.evidence.map((e) => e.source)).toEqual(['a12', 'extra0', 'extra1', 'extra2', 'extra3']);
    const w = g.weights(members);
    expect(w.internal).toBe(17);
    expect(w.boundary).toBeCloseTo(0.1);
    expect(w.edges).toBe(10);
    const path = g.path('a1', 'b2');
    expect(path?.map((s) => `${s.from}>${s.to}`)).toEqual(['a1>a0', 'a0>b0', 'b0>b2']);
    expect(path?.[1]?.evidence[0]?.source).toBe('bridge');
  });

  it('moves a new value into the community it is tied to, without a new detection', () => {
    const g = twoCliques();
    g.detect();
    g.addEdge('a5', 'a1', 1, ev('new1'), true);
    g.addEdge('a5', 'a2', 1, ev('new2'), true);
    expect(communityOf(g, 'a5')).toBe(communityOf(g, 'a1'));
    expect(communityOf(g, 'b1')).not.toBe(communityOf(g, 'a1'));
    expect(
      g
        .groups(3)
        .map((m) => m.length)
        .sort(),
    ).toEqual([5, 6]);
  });

  it('ignores self-loops, weightless edges and ids that are not nodes', () => {
    const g = new GangGraph();
    const a = g.node('x');
    g.addEdge('x', 'x', 1, ev('loop'));
    g.addEdge('x', 'y', 0, ev('none'));
    g.addEdgeBetween(a, 99, 1, ev('nobody'));
    g.addEdgeBetween(a, -1, 1, ev('negative'));
    expect(g.edges).toBe(0);
    expect(g.keys).toEqual(['x']);
  });
});

describe('components', () => {
  it('labels each node with the smallest node of its component', () => {
    const label = components(6, [0, 1, 4], [1, 2, 5]);
    expect(Array.from(label)).toEqual([0, 0, 0, 3, 4, 4]);
  });
});
