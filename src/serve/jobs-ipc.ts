/**
 * The daemon's job status for a server in another process. The daemon runs the jobs and the server
 * runs in a child process (neither can stall the other); the server asks for the status over the
 * IPC channel when it computes `/health` or `/status` (at most once a second), and gets an error
 * check rather than a hang when the daemon does not answer in time. A cluster primary relays the
 * questions of its workers.
 */
import type { ExtraHealth, HealthCheck } from './health.js';
import type { JobStatus } from './status/jobs.js';

/** Set by the daemon on the serve process it starts: job status comes over IPC. */
export const DAEMON_IPC_ENV = 'STAKTRAKR_SERVE_DAEMON_IPC';

export interface JobsAnswer {
  health: Record<string, HealthCheck>;
  jobs: JobStatus[];
}

interface Question {
  type: 'staktrakr:jobs?';
  id: number;
}
interface Reply {
  type: 'staktrakr:jobs';
  id: number;
  answer: JobsAnswer;
}

interface Channel {
  send?(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

const isQuestion = (m: unknown): m is Question => (m as Question | undefined)?.type === 'staktrakr:jobs?';
const isReply = (m: unknown): m is Reply => (m as Reply | undefined)?.type === 'staktrakr:jobs';

/** Daemon side: answers the questions `child` sends. */
export function answerJobQuestions(child: Channel, status: () => JobsAnswer): void {
  child.on('message', (m) => {
    if (isQuestion(m)) child.send?.({ type: 'staktrakr:jobs', id: m.id, answer: status() } satisfies Reply);
  });
}

/** Server side: the job status, asked of the parent process (bounded by `timeoutMs`). */
export function jobsFromParent(parent: Channel = process, timeoutMs = 2_000) {
  let next = 0;
  const waiting = new Map<number, (a: JobsAnswer) => void>();
  parent.on('message', (m) => {
    if (isReply(m)) waiting.get(m.id)?.(m.answer);
  });
  const ask = () =>
    new Promise<JobsAnswer>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the daemon did not report its jobs within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(answer);
      });
      parent.send?.({ type: 'staktrakr:jobs?', id } satisfies Question);
    });
  const extraHealth: ExtraHealth = async () => (await ask()).health;
  const statusJobs = async () => (await ask()).jobs;
  return { ask, extraHealth, statusJobs };
}

/** Cluster primary: passes a worker's questions to the parent and the answers back. */
export function relayJobQuestions(worker: Channel, parent: ReturnType<typeof jobsFromParent>): void {
  worker.on('message', (m) => {
    if (!isQuestion(m)) return;
    parent.ask().then(
      (answer) => worker.send?.({ type: 'staktrakr:jobs', id: m.id, answer } satisfies Reply),
      () => undefined, // The worker's own timeout reports it.
    );
  });
}
