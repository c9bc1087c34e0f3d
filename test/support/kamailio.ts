/**
 * Writes the http_client connection file deploy/kamailio/kamailio.cfg reads (FANZHA_CONNECTION), the
 * same shape as deploy/kamailio/fanzha-connection.ini.example, for a fanzha server and edge key; returns
 * the `-A` define that points Kamailio at it. Used by the end-to-end test and by `npm run bench:edge`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
