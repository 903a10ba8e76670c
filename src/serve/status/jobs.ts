/**
 * What the daemon tells the status page about its scheduled jobs (`statusJobs` in the server options).
 * Every field but `name` is optional: a job that has never run has no `lastRun`.
 */
export interface JobStatus {
  /** The job, e.g. `spot-poll`. */
  name: string;
  /** Its schedule as configured (a cron expression), shown as is. */
  schedule?: string;
  /** True while a run is in progress. */
  running?: boolean;
  /** Start of the latest run, finished or not. */
  lastRun?: Date;
  /** End of the latest run that succeeded. */
  lastSuccess?: Date;
  /** The latest failure; shown as failing while it is newer than `lastSuccess`. */
  lastError?: { at: Date; message: string };
  nextRun?: Date;
}

export type JobState = 'running' | 'ok' | 'failing' | 'never run';

export function jobState(job: JobStatus): JobState {
  if (job.running) return 'running';
  if (job.lastError && (!job.lastSuccess || job.lastError.at > job.lastSuccess)) return 'failing';
  return job.lastSuccess ? 'ok' : 'never run';
}
