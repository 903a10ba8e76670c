/**
 * daemon: the container entrypoint. Schedules the jobs from the environment, serves the clone from
 * a child process when SERVE=1 (`staktrakr serve`, so requests and jobs never share an event loop),
 * and on SIGTERM lets the run in progress finish its write and push.
 */
import { runDaemon } from '../daemon/daemon.js';
import { daemonInputs, schedulesOf } from '../daemon/inputs.js';
import { planJobs } from '../daemon/jobs.js';
import { readCliInput } from '../runtime/cli.js';
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import { InputError, parseInputs } from '../runtime/inputs.js';
import { startServeProcess } from '../serve/serve-process.js';
import pagesVerify from './pages-verify.js';
import retailPoll from './retail-poll.js';
import { serveInputs } from './serve-inputs.js';
import spotPoll from './spot-poll.js';
import syncRepos from './sync-repos.js';

const writeLine = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);

export default defineCommand({
  name: 'daemon',
  description:
    'Container entrypoint: run the jobs on their schedules (one writer per clone), serve with SERVE=1, stop cleanly on SIGTERM.',
  inputs: daemonInputs,
  outputs: {},
  service: true,
  async run(inputs, rt, { env, stop }) {
    const plan = planJobs({
      // The commands the daemon schedules (importing the registry would make a cycle with it).
      registry: {
        'spot-poll': spotPoll,
        'retail-poll': retailPoll,
        'sync-repos': syncRepos,
        'pages-verify': pagesVerify,
      },
      schedules: schedulesOf(inputs, env),
      timezone: inputs['cron-timezone'],
      env,
      out: writeLine(process.stdout),
      err: writeLine(process.stderr),
    });
    if (plan.jobs.length === 0 && !inputs.serve)
      throw new InputError('nothing to do: every job is off and SERVE is not set');
    // Checked at start like the jobs' inputs: serve reads the same environment in its child process.
    const served =
      inputs.serve && parseInputs(serveInputs, (name, spec) => readCliInput(name, spec, new Map(), env));
    await runDaemon({
      plan,
      timezone: inputs['cron-timezone'],
      runAtStart: inputs['run-at-start'],
      heartbeatFile: inputs['heartbeat-file'],
      stopGraceSeconds: inputs['stop-grace-seconds'],
      clock: clockFromEnv(env),
      logger: rt,
      stop,
      serve: served
        ? {
            dir: served.dir,
            start: (scheduler) => startServeProcess({ env, logger: rt, jobs: () => scheduler.report() }),
          }
        : undefined,
    });
    return {};
  },
});
