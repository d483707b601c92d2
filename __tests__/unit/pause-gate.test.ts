import { describe, expect, test } from '@jest/globals';
import { HostLane } from '../../src/http/host-lane.js';
import { PauseGate } from '../../src/http/pause-gate.js';

describe('the 429 pause gate of a provider host (fake clock)', () => {
  const deadline = 1_000_000;
  test('no 429 yet: every request is sent', () => {
    expect(new PauseGate().decide(0, deadline)).toEqual({ send: true });
  });
  test('after a 429 nothing is sent until Retry-After has passed, then everything is', () => {
    const gate = new PauseGate();
    gate.pause(10_000, 5_000);
    expect(gate.decide(10_000, deadline)).toEqual({ send: false, waitMs: 5_000 });
    expect(gate.decide(12_500, deadline)).toEqual({ send: false, waitMs: 2_500 });
    expect(gate.decide(14_999, deadline)).toEqual({ send: false, waitMs: 1 });
    expect(gate.decide(15_000, deadline)).toEqual({ send: true });
  });
  test('a later 429 extends the pause; a shorter one never shortens it', () => {
    const gate = new PauseGate();
    gate.pause(0, 60_000);
    gate.pause(1_000, 1_000);
    expect(gate.decide(2_000, deadline)).toEqual({ send: false, waitMs: 58_000 });
    gate.pause(30_000, 60_000);
    expect(gate.decide(60_000, deadline)).toEqual({ send: false, waitMs: 30_000 });
  });
  test('a pause that outlasts wait-timeout gives up without sending', () => {
    const gate = new PauseGate();
    gate.pause(0, 60_000);
    expect(gate.decide(0, 30_000)).toEqual({ send: false, giveUp: true, waitMs: 60_000 });
  });
  test("the host's lane: a 429 pauses it and halves what it sends at once; a client can only lower the limit", () => {
    const lane = new HostLane(4);
    lane.atMost(8);
    expect(lane.limit.concurrency).toBe(4);
    lane.rateLimited(0, 2_000);
    expect(lane.limit.concurrency).toBe(2);
    expect(lane.gate.decide(1_000, deadline)).toEqual({ send: false, waitMs: 1_000 });
    lane.rateLimited(0, 0);
    lane.rateLimited(0, 0);
    expect(lane.limit.concurrency).toBe(1);
  });
});
