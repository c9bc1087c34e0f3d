/** The HTTP baseline: a bare Fastify route returning a constant JSON answer of the lookup's size. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const answer = {
  value: '13800138000',
  type: 'phone',
  normalized: '+8613800138000',
  verdict: 'fraud',
  score: 0.84,
  reasons: ['cross-verified by 2 independent organisations'],
  ttlSeconds: 300,
};
app.get('/api/v1/lookup', async () => answer);
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write(`ready ${(app.server.address() as { port: number }).port}\n`);
