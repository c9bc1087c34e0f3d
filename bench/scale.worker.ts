/**
 * One detector worker process for the scale benchmark: the workers role alone (the bus, the database,
 * the SMS classifier and the partitioned workers), without the HTTP server. Stops on SIGTERM.
 */
import { redisBus } from '../src/adapters/bus/redis.bus.ts';
import { openDatabase } from '../src/adapters/db/database.ts';
import { loadSmsClassifier } from '../src/modules/detect/sms/sms.loader.ts';
import { startDetectorWorkers } from '../src/modules/stream/workers.factory.ts';
import { systemClock } from '../src/shared/clock.ts';
import { consoleLogger } from '../src/shared/logger.ts';

const [busUrl = '', databaseUrl = '', partitions = '12', id = 'w'] = process.argv.slice(2);
const handle = openDatabase(databaseUrl);
const bus = await redisBus(busUrl, { partitions: Number(partitions) });
const workers = startDetectorWorkers({
  bus,
  db: handle.db,
  clock: systemClock,
  logger: consoleLogger('error'),
  smsClassifier: loadSmsClassifier(),
  workerId: id,
});
console.log('ready');
process.once('SIGTERM', () => {
  void workers
    .stop()
    .then(() => bus.close())
    .then(() => handle.close())
    .then(() => process.exit(0));
});
