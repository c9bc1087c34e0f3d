/**
 * `npm run bench:edge`: calls through Kamailio with and without fanzha, in the same run, on loopback.
 * For each set-up: the highest call rate (sipp -r steps, bounded -m per step) with no failed call and,
 * with fanzha, no fail-open (a check that timed out would let calls through unchecked, so it counts as
 * a failure here); and the INVITE → 200 OK time at a moderate rate (p50/p99), whose difference is
 * the set-up delay fanzha adds. Then the HTTP latency of the edge endpoints from a keep-alive client.
 * Needs kamailio, kamailio-utils-modules and sip-tester (.ci/apt/edge.txt).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { SYSTEM_ACTOR } from '../src/shared/actor.ts';
import { startServer } from '../src/server.ts';
import {
  freeUdpPort,
  hasCommand,
  kamailioArgs,
  sleep,
  SIPP_UAC as UAC,
  SIPP_UAS as UAS,
} from '../test/support/kamailio.ts';
import { formatFigure, percentile, type Figure } from './harness.ts';

const KEY = 'bench-edge-key-0123456789';
const RATES = (
  process.env.EDGE_BENCH_RATES ??
  '500,1000,1250,1500,1750,2000,2250,2500,2750,3000,3250,3500,3750,4000,4500,5000,6000'
)
  .split(',')
  .map(Number);
const STEP_SECONDS = Number(process.env.EDGE_BENCH_STEP_SECONDS ?? '2');
const DELAY_RATE = 100;
const DELAY_CALLS = 1500;

const number = (prefix: string, i: number) => `${prefix}${String(i).padStart(11 - prefix.length, '0')}`;

if (!hasCommand('kamailio') || !hasCommand('sipp')) {
  console.error(
    'bench:edge needs kamailio, kamailio-utils-modules and sip-tester: apt-get install -y $(cat .ci/apt/edge.txt)',
  );
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'fanzha-bench-edge-'));
const children: ChildProcess[] = [];
const print = (f: Figure) => console.log(formatFigure(f));

const config = loadConfig(
  {
    FANZHA_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
    FANZHA_EDGE_KEYS: KEY,
    FANZHA_EDGE_PORT: '0',
    LOG_LEVEL: 'error',
  },
  { port: 0, host: '127.0.0.1', databaseUrl: join(dir, 'bench.db'), demo: false },
);
const server = await startServer(config);
try {
  const { library } = server.container;
  const fraud = Array.from({ length: 1000 }, (_, i) => number('1391', i));
  const suspicious = Array.from({ length: 200 }, (_, i) => number('1371', i));
  for (let i = 0; i < fraud.length; i += 500)
    await library.submitClaims(
      SYSTEM_ACTOR,
      fraud.slice(i, i + 500).map((value) => ({
        type: 'phone',
        value,
        verdict: 'fraud',
        fraudType: 'impersonate_authority',
        confidence: 0.95,
        source: 'bench',
      })),
    );
  for (const v of suspicious) await library.pin(SYSTEM_ACTOR, 'phone', v, 'suspicious', 'bench', false);

  // Most callers clean, 5 % fraud (declined), 5 % suspicious (marked): the shape of real traffic at the edge.
  const csv = join(dir, 'callers.csv');
  const lines = ['RANDOM'];
  for (let i = 0; i < 5000; i++) {
    const caller =
      i % 20 === 0
        ? fraud[i % fraud.length]
        : i % 20 === 1
          ? suspicious[i % suspicious.length]
          : number('1581', i);
    lines.push(`${caller ?? ''};${number('1350', i)}`);
  }
  writeFileSync(csv, lines.join('\n') + '\n');

  const uasPort = await freeUdpPort();
  children.push(
    spawn('sipp', ['-sf', UAS, '-i', '127.0.0.1', '-p', String(uasPort), '-nostdin'], {
      stdio: 'ignore',
      cwd: dir,
    }),
  );
  const startKamailio = async (withFanzha: boolean) => {
    const port = await freeUdpPort();
    // 256 MB of shared memory: at 1000 calls/s the default 64 MB runs out of transactions (500 replies).
    const args = kamailioArgs({
      dir,
      port,
      nextHopPort: uasPort,
      children: 4,
      extra: ['-m', '256', '-M', '16'],
      ...(withFanzha ? { fanzha: { url: server.edgeUrl ?? server.url, key: KEY } } : {}),
    });
    const k = spawn('kamailio', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const state = { port, failOpen: 0 };
    k.stderr.on('data', (d: Buffer) => (state.failOpen += d.toString().split('FAIL OPEN').length - 1));
    children.push(k);
    await sleep(800);
    return state;
  };

  /** One sipp run: whether every call succeeded, how many failed, and the INVITE→200 times. */
  const sipp = async (
    port: number,
    rate: number,
    calls: number,
  ): Promise<{ ok: boolean; failed: number; rtt: number[] }> => {
    const before = new Set(readdirSync(dir));
    const args = [
      '-sf',
      UAC,
      '-inf',
      csv,
      '-i',
      '127.0.0.1',
      '-p',
      '0',
      '-r',
      String(rate),
      '-m',
      String(calls),
    ];
    args.push(
      '-l',
      String(Math.max(200, rate * 2)),
      '-trace_rtt',
      '-rtt_freq',
      '1',
      '-timeout',
      `${Math.ceil(calls / rate) + 15}s`,
      '-nostdin',
      `127.0.0.1:${port}`,
    );
    const p = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'ignore'], cwd: dir });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    const failedLines = [...out.matchAll(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/g)];
    const failed = Number(failedLines[failedLines.length - 1]?.[1] ?? (code === 0 ? 0 : calls));
    const file = readdirSync(dir).find((f) => f.endsWith('_rtt.csv') && !before.has(f));
    const rtt = file
      ? readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .slice(1)
          .map((l) => Number(l.split(';')[1]))
          .filter((v) => Number.isFinite(v))
      : [];
    if (file) rmSync(join(dir, file));
    return { ok: code === 0, failed, rtt };
  };

  // The Kamailio state object is kept, not copied: its fail-open counter is updated in place.
  const setups: Array<{
    k: Awaited<ReturnType<typeof startKamailio>>;
    port: number;
    label: string;
    best: number;
    done: boolean;
  }> = [];
  for (const withFanzha of [false, true]) {
    const k = await startKamailio(withFanzha);
    setups.push({
      k,
      port: k.port,
      label: withFanzha ? 'kamailio + fanzha' : 'kamailio alone   ',
      best: 0,
      done: false,
    });
  }
  type Setup = (typeof setups)[number];
  const [aloneSetup, fanzhaSetup] = setups;
  if (!aloneSetup || !fanzhaSetup) throw new Error('kamailio did not start');

  /** INVITE→200 times at a moderate rate, the two set-ups alternating so both see the same machine. */
  const delays = async (s: Setup) => (await sipp(s.port, DELAY_RATE, DELAY_CALLS / 3)).rtt;
  const rtts: [number[], number[]] = [[], []];
  for (let round = 0; round < 3; round++) {
    rtts[0].push(...(await delays(aloneSetup)));
    rtts[1].push(...(await delays(fanzhaSetup)));
  }
  const [aloneRtt, fanzhaRtt] = rtts.map((r) => r.sort((a, b) => a - b));

  console.log('\n== edge (Kamailio 5.6 + sipp on loopback; rate steps', RATES.join(', '), ')');
  // The figures depend on what else runs: say how busy the machine was.
  console.log(
    `  ${availableParallelism()} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  // Each rate step is run for both set-ups, one after the other, so a busy moment on the machine hits
  // both rather than one set-up's whole climb.
  for (const rate of RATES) {
    for (const k of setups) {
      if (k.done) continue;
      // Two tries per step: on a shared machine one starved scheduler tick can fail a call (a
      // retransmission arrives as an unexpected message); a rate counts when one try is clean.
      let clean = false;
      const notes: string[] = [];
      for (let attempt = 0; attempt < 2 && !clean; attempt++) {
        const failOpenBefore = k.k.failOpen;
        const r = await sipp(k.port, rate, rate * STEP_SECONDS);
        await sleep(200);
        const failOpen = k.k.failOpen - failOpenBefore;
        clean = r.ok && failOpen === 0;
        notes.push(clean ? 'no failed calls' : `${r.failed} failed, ${failOpen} fail-open`);
      }
      console.log(
        `  ${k.label} ${String(rate).padStart(5)} calls/s × ${STEP_SECONDS} s: ${notes.join('; then ')}`,
      );
      if (clean) k.best = rate;
      else k.done = true;
    }
    if (setups.every((k) => k.done)) break;
  }
  const alone = {
    best: aloneSetup.best,
    p50: percentile(aloneRtt ?? [], 50),
    p99: percentile(aloneRtt ?? [], 99),
  };
  const withFanzha = {
    best: fanzhaSetup.best,
    p50: percentile(fanzhaRtt ?? [], 50),
    p99: percentile(fanzhaRtt ?? [], 99),
  };
  print({
    name: 'calls: highest rate with no failed call, Kamailio + fanzha',
    value: withFanzha.best,
    unit: 'calls/s',
    baseline: { name: 'Kamailio alone', value: alone.best },
    goal: '>= 0.8 × Kamailio alone',
  });
  print({
    name: 'calls: INVITE→200 p50, Kamailio + fanzha',
    value: withFanzha.p50,
    unit: 'ms',
    baseline: { name: 'Kamailio alone', value: alone.p50 },
  });
  print({
    name: 'calls: INVITE→200 p99, Kamailio + fanzha',
    value: withFanzha.p99,
    unit: 'ms',
    baseline: { name: 'Kamailio alone', value: alone.p99 },
  });
  print({
    name: 'calls: added set-up delay p50 (sipp ms resolution)',
    value: withFanzha.p50 - alone.p50,
    unit: 'ms',
  });
  print({
    name: 'calls: added set-up delay p99 (sipp ms resolution)',
    value: withFanzha.p99 - alone.p99,
    unit: 'ms',
    goal: '<= 5',
  });

  // The endpoints themselves, from a keep-alive HTTP client (sequential requests: latency, not capacity).
  const timeHttp = async (n: number, request: (i: number) => Promise<Response>): Promise<number[]> => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await request(i);
      await r.arrayBuffer();
      t.push(performance.now() - t0);
    }
    return t.slice(Math.floor(n / 10)).sort((a, b) => a - b);
  };
  const headers = { 'x-fanzha-edge-key': KEY, 'content-type': 'application/json' };
  const call = await timeHttp(3000, (i) =>
    fetch(
      `${server.url}/api/v1/edge/call?from=${lines[1 + (i % 5000)]?.split(';')[0] ?? ''}&to=13500000000`,
      { headers },
    ),
  );
  const payee = await timeHttp(2000, (i) =>
    fetch(`${server.url}/api/v1/transfers/check`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        payer: '6212260000000001',
        payee: { account: `62170000000${String(i).padStart(8, '0')}` },
        amount: 100 + i,
        channel: 'mobile_app',
      }),
    }),
  );
  const texts = [
    '您的快递已到达，取件码 3321。',
    '兼职刷单，日赚300-500，加微信 sd8891 详聊',
    '【公安局】您涉嫌洗钱，请登录 http://gaj-anquan.top/case 配合调查',
    '明天的会议改到下午三点。',
  ];
  const sms = await timeHttp(2000, (i) =>
    fetch(`${server.url}/api/v1/edge/sms`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        sender: number('1581', i),
        receiver: '13500000000',
        text: texts[i % texts.length],
      }),
    }),
  );
  print({ name: 'HTTP: call check p50', value: percentile(call, 50), unit: 'ms' });
  print({ name: 'HTTP: call check p99', value: percentile(call, 99), unit: 'ms' });
  print({ name: 'HTTP: payee check p99', value: percentile(payee, 99), unit: 'ms', goal: '<= 10' });
  print({ name: 'HTTP: SMS hook p50 (library + classifier)', value: percentile(sms, 50), unit: 'ms' });
  print({ name: 'HTTP: SMS hook p99 (library + classifier)', value: percentile(sms, 99), unit: 'ms' });
} finally {
  for (const c of children) c.kill('SIGTERM');
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
