/**
 * The workers role's scheduler: named jobs, each run every `everyMs` after its previous run finished (a
 * slow run is never overlapped by the next), a failed run logged under the job's name and retried at the
 * next turn. `stop` waits for runs in flight, so a process shutting down does not cut a job in half.
 */
import type { Logger } from '../shared/logger.ts';

export interface ScheduledJob {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** The names of the jobs, in the order given. */
  readonly jobs: readonly string[];
  /** Whether the jobs run on their own (between `start` and `stop`). */
  readonly started: boolean;
  start(): void;
  stop(): Promise<void>;
  /** Runs one job now (waiting for a run in flight first) and resolves when it is done. */
  runNow(name: string): Promise<void>;
  /** How many runs of the job have finished, failed ones included. */
  runs(name: string): number;
}

export const createScheduler = (jobs: readonly ScheduledJob[], logger: Logger): Scheduler => {
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<void>>();
  const finished = new Map<string, number>();
  let started = false;

  const jobOf = (name: string): ScheduledJob => {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no scheduled job named ${name}`);
    return job;
  };

  const runOnce = async (job: ScheduledJob): Promise<void> => {
    const previous = inFlight.get(job.name);
    if (previous) await previous;
    const run = job
      .run()
      .then(
        () => undefined,
        (e: unknown) =>
          logger.error(`scheduled job ${job.name} failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => {
        inFlight.delete(job.name);
        finished.set(job.name, (finished.get(job.name) ?? 0) + 1);
      });
    inFlight.set(job.name, run);
    await run;
  };

  const arm = (job: ScheduledJob): void => {
    const timer = setTimeout(() => {
      void runOnce(job).then(() => {
        if (started) arm(job);
      });
    }, job.everyMs);
    timer.unref();
    timers.set(job.name, timer);
  };

  return {
    jobs: jobs.map((j) => j.name),
    get started() {
      return started;
    },
    start() {
      if (started) return;
      started = true;
      for (const job of jobs) arm(job);
    },
    async stop() {
      started = false;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.all(inFlight.values());
    },
    runNow: async (name) => runOnce(jobOf(name)),
    runs: (name) => finished.get(jobOf(name).name) ?? 0,
  };
};
