/**
 * A daemon job's failure reaches the scheduler as data (the runtime's onError), not by parsing the
 * job's own log lines back: the same message in text and JSON log formats, the last error of the
 * run, multi-line messages whole, and never a secret.
 */
import { describe, expect, it } from 'vitest';
import { planJobs } from '../../src/daemon/jobs.js';
import { defineCommand } from '../../src/runtime/command.js';
import { optional } from '../../src/runtime/inputs.js';

const CANARY = 'canary-3f9c1d7e5b';

// A real command (not a stand-in for one of ours): it reports a problem, then fails naming its token.
const failing = defineCommand({
  name: 'spot-poll',
  description: 'fails on purpose',
  inputs: { token: { description: 'a secret', env: ['CANARY_TOKEN'], secret: true, schema: optional() } },
  outputs: {},
  async run(inputs, rt) {
    rt.error('first problem', { title: 'Price refused' });
    throw new Error(`upstream refused ${inputs.token}\nsee its status page`);
  },
});

describe("a daemon job's failure", () => {
  for (const format of ['text', 'json'] as const) {
    it(`is the run's last error, whole and redacted (${format} logs)`, async () => {
      const lines: string[] = [];
      const plan = planJobs({
        registry: { 'spot-poll': failing },
        schedules: new Map([['spot-poll', '*/15 * * * *']]),
        timezone: 'UTC',
        env: { CANARY_TOKEN: CANARY, STAKTRAKR_LOG_FORMAT: format },
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      });
      const outcome = await plan.jobs[0]!.run(new AbortController().signal);
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toMatch(/^spot-poll failed: upstream refused \S+\nsee its status page$/);
      expect(outcome.error).not.toContain(CANARY);
      expect(lines.join('\n')).not.toContain(CANARY);
      // The log still shows both errors, tagged with the job.
      expect(lines.filter((l) => l.includes('first problem'))).toHaveLength(1);
    });
  }
});
