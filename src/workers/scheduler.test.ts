import { describe, expect, it } from 'vitest';
import type { Logger } from '../shared/logger.ts';
import { createScheduler } from './scheduler.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const recordingLogger = (lines: string[]): Logger => ({
  info: () => {},
  warn: () => {},
  error: (m) => lines.push(m),
});

describe('the workers scheduler', () => {
  it('runs each job on its interval, never two runs of one job at once, and logs a failed run', async () => {
    let active = 0;
    let overlapped = false;
    let slow = 0;
    let failing = 0;
    const errors: string[] = [];
    const s = createScheduler(
      [
        {
          name: 'slow',
          everyMs: 5,
          run: async () => {
            active++;
            if (active > 1) overlapped = true;
            await sleep(30);
            active--;
            slow++;
          },
        },
        {
          name: 'failing',
          everyMs: 5,
          run: () => {
            failing++;
            return Promise.reject(new Error('no database'));
          },
        },
      ],
      recordingLogger(errors),
    );
    expect(s.started).toBe(false);
    await sleep(30);
    expect(slow + failing).toBe(0);
    s.start();
    expect(s.started).toBe(true);
    await sleep(200);
    await s.stop();
    expect(s.started).toBe(false);
    expect(slow).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
    // A failure does not stop the job: it runs again at its next turn.
    expect(failing).toBeGreaterThanOrEqual(3);
    expect(errors[0]).toBe('scheduled job failing failed: no database');
    expect(s.runs('failing')).toBe(failing);
    const after = slow;
    await sleep(60);
    expect(slow).toBe(after);
  });

  it('runs a job on demand and refuses an unknown name', async () => {
    let n = 0;
    const s = createScheduler(
      [{ name: 'decay', everyMs: 60_000, run: async () => void n++ }],
      recordingLogger([]),
    );
    await s.runNow('decay');
    expect(n).toBe(1);
    expect(s.runs('decay')).toBe(1);
    await expect(s.runNow('nothing')).rejects.toThrow('no scheduled job named nothing');
  });
});
