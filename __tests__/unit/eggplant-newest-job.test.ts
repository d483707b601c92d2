import { describe, expect, test } from '@jest/globals';
import { newestJob } from '../../src/providers/eggplant/api.js';

const job = (id: number, startedAt: string | null, status: 'completed' | 'pending' = 'completed') => ({
  sref: `jobs/${id}`,
  startedAt,
  status,
});

describe('Eggplant job: latest — which job is newest', () => {
  test('by startedAt, whatever the order listed and the offsets written', () => {
    expect(
      newestJob([job(1, '2026-11-23T09:00:00+00:00'), job(2, '2026-11-23T09:30:00+01:00'), job(3, '2026-11-22T23:00:00+00:00')])?.sref,
    ).toBe('jobs/1');
  });
  test('a job not started yet is newest; equal times: the higher job number', () => {
    expect(newestJob([job(5, '2026-11-23T09:00:00+00:00'), job(4, null, 'pending')])?.sref).toBe('jobs/4');
    expect(newestJob([job(7, '2026-11-23T09:00:00Z'), job(8, '2026-11-23T09:00:00Z'), job(6, '2026-11-23T09:00:00Z')])?.sref).toBe(
      'jobs/8',
    );
  });
  test('no jobs: none', () => {
    expect(newestJob([])).toBeUndefined();
  });
});
