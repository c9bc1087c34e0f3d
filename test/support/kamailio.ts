/**
 * What the Kamailio end-to-end test and `npm run bench:edge` share: the shipped configuration and sipp
 * scenarios, tool detection, free UDP ports, the command line of a proxy in front of a sipp callee, and
 * the http_client connection file deploy/kamailio/kamailio.cfg reads (FANZHA_CONNECTION), the same
 * shape as deploy/kamailio/fanzha-connection.ini.example.
 */
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const KAMAILIO_CFG = join(ROOT, 'deploy', 'kamailio', 'kamailio.cfg');
export const SIPP_UAC = join(ROOT, 'deploy', 'kamailio', 'sipp', 'uac-callers.xml');
export const SIPP_UAS = join(ROOT, 'deploy', 'kamailio', 'sipp', 'uas-echo.xml');

export const hasCommand = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const freeUdpPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });

export const fanzhaConnectionDefine = (dir: string, serverUrl: string, key: string): string => {
  const file = join(dir, 'fanzha-connection.ini');
  writeFileSync(
    file,
    [
      '[fanzha]',
      `url = ${serverUrl}/api/v1/edge`,
      'username = edge',
      `password = ${key}`,
      'authmethod = 1',
      'timeout = 1',
      'maxdatasize = 256',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return `FANZHA_CONNECTION="${file}"`;
};

/**
 * Arguments for `kamailio` running kamailio.cfg in the foreground on 127.0.0.1:`port`, relaying to the
 * callee on `nextHopPort`; with `fanzha` it asks that server, without it relays only (the baseline).
 */
export const kamailioArgs = (o: {
  dir: string;
  port: number;
  nextHopPort: number;
  children: number;
  fanzha?: { url: string; key: string };
  extra?: readonly string[];
}): string[] => [
  '-f',
  KAMAILIO_CFG,
  ...(o.extra ?? []),
  '-DD',
  '-E',
  '-A',
  `SIP_LISTEN=udp:127.0.0.1:${o.port}`,
  '-A',
  `NEXT_HOP="sip:127.0.0.1:${o.nextHopPort}"`,
  '-A',
  `CHILDREN=${o.children}`,
  '-A',
  o.fanzha ? fanzhaConnectionDefine(o.dir, o.fanzha.url, o.fanzha.key) : 'WITHOUT_FANZHA',
  '-P',
  join(o.dir, `kamailio-${o.port}.pid`),
];
