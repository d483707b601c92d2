import { describe, expect, test } from '@jest/globals';
import { fastClock } from '../../src/clock.js';
import { pollUntilDone } from '../../src/providers/polling.js';

function context(waitTimeoutS: number, pollIntervalS: number) {
  const clock = fastClock(() => 1_000_000);
  const infos: string[] = [];
  const ctx = {
    request: { baseUrl: 'https://x', waitTimeoutS, pollIntervalS, requestTimeoutS: 30 },
    log: { info: (m: string) => infos.push(m), warning: () => {}, debug: () => {} },
    deadline: clock.now() + waitTimeoutS * 1000,
    sleep: (ms: number) => clock.sleep(ms),
  };
  return { ctx, clock, infos };
}

describe('polling until done', () => {
  test('unfinished at the deadline: says how long it really waited and how often it checked', async () => {
    const { ctx, clock } = context(30, 10);
    let reads = 0;
    const error = await pollUntilDone(
      ctx,
      'Job 7',
      async () => ++reads,
      () => false,
      () => 'running',
      clock.now,
    ).catch((e: Error) => e);
    expect(reads).toBe(4);
    expect((error as Error).message).toBe(
      'Job 7 was still running after 30 s of waiting (wait-timeout 30 s, poll-interval 10 s; 4 checks). Raise wait-timeout if the job needs longer.',
    );
  });
  test('a poll-interval longer than wait-timeout: one check, no wait, and the advice to lower poll-interval', async () => {
    const { ctx, clock } = context(5, 10);
    const error = await pollUntilDone(
      ctx,
      'Job 7',
      async () => 1,
      () => false,
      () => 'running',
      clock.now,
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'Job 7 was still running after 0 s of waiting (wait-timeout 5 s, poll-interval 10 s; 1 check). ' +
        'poll-interval is longer than wait-timeout, so it never checked again: lower poll-interval or raise wait-timeout.',
    );
  });
  test('done on a later check: the value, after waiting the intervals on the clock', async () => {
    const { ctx, clock, infos } = context(60, 10);
    const start = clock.now();
    let reads = 0;
    const value = await pollUntilDone(
      ctx,
      'Job 7',
      async () => ++reads,
      (n) => n === 3,
      () => 'running',
      clock.now,
    );
    expect(value).toBe(3);
    expect(clock.now() - start).toBe(20_000);
    expect(infos).toEqual(['Job 7 is running; checking again in 10 s.', 'Job 7 is running; checking again in 10 s.']);
  });
});

describe('the fast clock (the test suite hook)', () => {
  test('waits take no real time and move the clock by what was waited; overlapping waits move it once', async () => {
    let real = 0;
    const clock = fastClock(() => real);
    await clock.sleep(1500);
    expect(clock.now()).toBe(1500);
    await Promise.all([clock.sleep(1000), clock.sleep(1000), clock.sleep(400)]);
    expect(clock.now()).toBe(2500);
    real = 10_000;
    expect(clock.now()).toBe(12_500);
  });
});
