/** `fanzha serve`: the container, demo data when asked and the database is empty, the HTTP server on one port. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHttpApp } from './adapters/http/app.ts';
import type { App } from './adapters/http/http.types.ts';
import type { Config } from './config.ts';
import { buildContainer, type Container } from './container.ts';
import { SESSION_COOKIE } from './adapters/http/routes/access.routes.ts';
import { loadDemo } from './modules/demo/demo.service.ts';
import { startEdgeListener, type EdgeListener } from './modules/edge/edge.listener.ts';
import { indexFollower } from './modules/lookups/index-follower.ts';
import { httpRoutes } from './routes.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  readonly app: App;
  readonly container: Container;
  readonly url: string;
  /** The call-check listener for SIP proxies, when FANZHA_EDGE_PORT is set. */
  readonly edgeUrl: string | undefined;
  readonly demoAccounts: readonly string[];
  close(): Promise<void>;
}

export const startServer = async (
  config: Config,
  log: (line: string) => void = () => {},
): Promise<RunningServer> => {
  const container = await buildContainer(config);
  let ready = false;
  let demoAccounts: readonly string[] = [];
  try {
    if (config.demo && (await container.access.countUsers()) === 0) {
      log('loading demo data (first start) …');
      const s = await loadDemo({
        access: container.access,
        library: container.library,
        fixturesDir: join(ROOT, 'fixtures'),
        sample: config.demoSample,
        awareness: container.awareness,
      });
      log(`demo data: ${s.accepted} claims imported (${s.rejected} lines rejected by validation)`);
      demoAccounts = s.accounts;
    } else if (config.demo) {
      const { DEMO_USERS, DEMO_PASSWORD } = await import('./modules/demo/demo.service.ts');
      const hasDemo = (
        await container.access.listUsers({
          orgId: 'org_platform',
          orgKind: 'regulator',
          actor: 'system',
          role: 'admin',
        })
      ).some((u) => u.username === 'admin');
      if (hasDemo)
        demoAccounts = DEMO_USERS.map((u) => `${u.username} / ${DEMO_PASSWORD}  (${u.role}, ${u.orgId})`);
    }
    const app = await buildHttpApp({
      authenticate: async ({ apiKey, sessionToken }) => {
        const p = apiKey
          ? await container.access.authenticateApiKey(apiKey)
          : sessionToken
            ? await container.access.authenticateSession(sessionToken)
            : null;
        return (
          p && {
            orgId: p.orgId,
            orgKind: p.orgKind,
            role: p.role,
            actor: p.actor,
            ...(p.username ? { username: p.username } : {}),
          }
        );
      },
      sessionCookie: SESSION_COOKIE,
      routes: httpRoutes(container),
      webRoot: config.webRoot ?? join(ROOT, 'web', 'dist'),
      logLevel: config.httpLog ? config.logLevel : undefined,
      isReady: () => ready,
      trustProxy: config.trustProxy,
    });
    // With a shared PostgreSQL library, follow the change feed so writes made on other nodes reach this index.
    const follower =
      config.indexPollMs > 0 || container.handle.dialect === 'postgres'
        ? await indexFollower({
            library: container.library,
            lookups: container.lookups,
            logger: container.logger,
          })
        : undefined;
    follower?.start(config.indexPollMs > 0 ? config.indexPollMs : 500);
    await app.listen({ port: config.port, host: config.host });
    const listener: EdgeListener | undefined =
      config.edgePort === undefined
        ? undefined
        : await startEdgeListener(
            {
              check: (from, to, group) => container.edge.edge.checkCall(from, to, group).line,
              keyOk: container.edge.keyOk,
            },
            config.edgePort,
            config.host,
          ).catch(async (e: unknown) => {
            await app.close();
            throw e;
          });
    ready = true;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const url = `http://${host}:${port}`;
    return {
      app,
      container,
      url,
      edgeUrl: listener && `http://${host}:${listener.port}`,
      demoAccounts,
      close: async () => {
        follower?.stop();
        await listener?.close();
        await app.close();
        await container.close();
      },
    };
  } catch (e) {
    await container.close();
    throw e;
  }
};
