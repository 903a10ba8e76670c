/**
 * deploy/: no Docker engine or Fly here, so what can be checked is checked. The files parse; every
 * variable they set is one the toolkit reads; volumes hold the clone; stop timeouts leave room for
 * the daemon's grace period; and the command the image runs starts the daemon with each file's
 * environment (banner, /health, /healthz, the image's HEALTHCHECK, SIGTERM → exit 0).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { commands } from '../../src/commands/index.js';
import retailPoll from '../../src/commands/retail-poll.js';
import { normalizeSchedule } from '../../src/daemon/cron.js';
import { JOB_KINDS } from '../../src/daemon/jobs.js';
import type { InputSpecs } from '../../src/runtime/inputs.js';
import { bareRepo, tempDir } from '../helpers/git.js';
import { builtCliHasDaemon, freePort, ROOT, SOURCE_DAEMON, startDaemon } from './harness.js';

const DEPLOY = join(ROOT, 'deploy');
const read = (name: string) => readFileSync(join(DEPLOY, name), 'utf8');

/** Every variable a command reads: STAKTRAKR_<INPUT> and each input's aliases. */
const KNOWN_ENV = new Set(
  Object.values(commands).flatMap((c) =>
    Object.entries(c.inputs as InputSpecs).flatMap(([name, spec]) => [
      `STAKTRAKR_${name.toUpperCase().replace(/-/g, '_')}`,
      ...(spec.env ?? []),
    ]),
  ),
);

/** Dockerfile instructions, continuation lines joined. */
const dockerfile = read('Dockerfile')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'));
const instruction = (name: string) => dockerfile.filter((l) => l.startsWith(`${name} `));
const entrypoint = JSON.parse(instruction('ENTRYPOINT')[0]!.slice('ENTRYPOINT '.length)) as string[];
/** The signal `docker stop` sends the daemon. */
const stopSignal = instruction('STOPSIGNAL')[0]?.split(/\s+/)[1] as NodeJS.Signals;
/** The image's paths are the repository's: WORKDIR /app holds what COPY brings from the root. */
const inRepo = (imagePath: string) => join(ROOT, imagePath.replace(/^\/app\//, ''));
/** The entrypoint script (after the init). */
const script = entrypoint.at(-1)!;
const healthcheck = (
  JSON.parse(/ CMD (\[.*\])\s*$/.exec(instruction('HEALTHCHECK')[0]!)![1]!) as string[]
).map((arg) => (arg.startsWith('/app/') ? inRepo(arg) : arg));
/** Variables the image itself sets (ENV), which every container started from it has. */
const imageEnv = Object.fromEntries(
  [
    ...instruction('ENV')
      .join(' ')
      .matchAll(/(\w+)=(\S+)/g),
  ].map((m) => [m[1]!, m[2]!]),
);

interface FlyConfig {
  app: string;
  kill_signal: string;
  kill_timeout: number;
  env: Record<string, string>;
  mounts: { source: string; destination: string };
  http_service?: { internal_port: number; checks: Array<{ path: string; method: string }> };
}
const fly = (name: string) => parseToml(read(name)) as unknown as FlyConfig;
const compose = parseYaml(read('docker-compose.yml')) as {
  services: Record<
    string,
    {
      build: { context: string; dockerfile: string };
      env_file: string;
      environment: Record<string, string>;
      volumes: string[];
      stop_grace_period: string;
    }
  >;
  volumes: Record<string, unknown>;
};
const mac = compose.services['retail-poller']!;

const CONFIGS: Array<{
  name: string;
  env: Record<string, string>;
  volume: string;
  stopSeconds: number;
  /** The platform's health checks (Fly's http_service.checks): what unroutes a failing machine. */
  checks?: Array<{ path: string; method: string }>;
}> = [
  ...['fly.spot.toml', 'fly.retail.toml'].map((name) => {
    const c = fly(name);
    return {
      name,
      env: c.env,
      volume: c.mounts.destination,
      stopSeconds: c.kill_timeout,
      checks: c.http_service?.checks,
    };
  }),
  {
    name: 'docker-compose.yml',
    env: mac.environment,
    volume: mac.volumes[0]!.split(':')[1]!,
    stopSeconds: Number(/^(\d+)s$/.exec(mac.stop_grace_period)![1]),
  },
];

describe('deploy/Dockerfile', () => {
  it('runs the Node the actions run, with Debian Chromium, fonts, git and an init, only playwright-core beside the bundles', () => {
    // The image's Node is the one the actions declare (runs.using) and satisfies package.json engines.
    const [from] = instruction('FROM');
    const nodeMajor = Number(/^FROM node:(\d+)-slim$/.exec(from!)?.[1]);
    const actionRuntime = /^\s+using: node(\d+)$/m.exec(read('../actions/spot-poll/action.yml'))?.[1];
    expect(nodeMajor).toBe(Number(actionRuntime));
    const engines = (JSON.parse(read('../package.json')) as { engines: { node: string } }).engines.node;
    expect(nodeMajor).toBeGreaterThanOrEqual(Number(/^>=(\d+)$/.exec(engines)![1]));
    const apt = instruction('RUN').find((l) => l.includes('apt-get install'))!;
    for (const pkg of ['chromium', 'git', 'ca-certificates', 'tini', 'fonts-liberation'])
      expect(apt.split(/\s+/)).toContain(pkg);
    // The bundles hold every other dependency: the image installs playwright-core alone, at the
    // version the lock file pins, and no node_modules of the whole project.
    const install = instruction('RUN').find((l) => l.includes('npm install'))!;
    expect(install).toMatch(
      /playwright-core@\$\(node -p .*package-lock\.json.*node_modules\/playwright-core.*version/,
    );
    expect(instruction('RUN').some((l) => /npm ci\b/.test(l))).toBe(false);
    // CHROME_PATH points where Debian's chromium package installs its browser.
    const chromePath = imageEnv.CHROME_PATH!;
    const installed = spawnSync('dpkg', ['-L', 'chromium'], { encoding: 'utf8' });
    if (installed.status === 0) expect(installed.stdout.split('\n')).toContain(chromePath);
    else
      console.log('deploy test: dpkg knows no chromium package here; CHROME_PATH only checked as absolute');
    expect(chromePath).toMatch(/^\/\S+$/);
    // Whatever the image copies exists in the repository (dist/ once built).
    for (const copy of instruction('COPY')) {
      for (const source of copy.split(/\s+/).slice(1, -1)) {
        if (source !== 'dist/') expect(existsSync(join(ROOT, source)), source).toBe(true);
      }
    }
    const aliases = Object.values(retailPoll.inputs as InputSpecs).flatMap((s) => s.env ?? []);
    expect(aliases).toContain('CHROME_PATH');
  });

  it('enters through tini and an executable script that replaces itself with the daemon, and stops with SIGTERM', () => {
    // tini is PID 1: it reaps Chromium's children and forwards SIGTERM to the script.
    expect(entrypoint.slice(0, -1)).toEqual(['/usr/bin/tini', '--']);
    const file = inRepo(script);
    accessSync(file, constants.X_OK);
    // Run it with a `node` that reports how it was started: the built CLI's daemon, with the
    // arguments passed on, in the script's own process (exec), so the daemon receives the signal.
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, 'node'), '#!/bin/sh\necho "$$ $*"\n', { mode: 0o755 });
      const run = spawnSync(file, ['--probe'], {
        encoding: 'utf8',
        env: { PATH: `${dir.path}:${process.env.PATH}`, RUN_AS_USER: process.getuid?.() === 0 ? 'root' : '' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(`${run.pid} ${join(ROOT, 'dist/cli/index.js')} daemon --probe`);
    } finally {
      dir.remove();
    }
    expect(stopSignal).toBe('SIGTERM');
  });
});

describe.each(CONFIGS)('deploy/$name', ({ name, env, volume, stopSeconds }) => {
  it('sets only variables the toolkit reads, keeps the clone on the volume and gives SIGTERM room', () => {
    for (const key of Object.keys(env))
      expect(KNOWN_ENV.has(key), `${name}: ${key} is read by nothing`).toBe(true);
    for (const key of ['POLLER_ID', 'API_DATA_REPO', 'API_EXPORT_DIR']) expect(env[key], key).toBeTruthy();
    expect(dirname(env.API_EXPORT_DIR!).startsWith(volume)).toBe(true);
    expect(stopSeconds).toBeGreaterThan(Number(env.STOP_GRACE_SECONDS));
    for (const kind of JOB_KINDS) {
      if (env[kind.cronEnv] !== undefined) expect(() => normalizeSchedule(env[kind.cronEnv]!)).not.toThrow();
    }
  });
});

describe('deploy specifics', () => {
  it('fly: the spot app polls at :05 and :35; the retail app polls every 15 minutes, serves, and is health-checked', () => {
    const spot = fly('fly.spot.toml');
    expect(normalizeSchedule(spot.env.SPOT_CRON!)).toBe('5,35 * * * *');
    expect(normalizeSchedule(spot.env.RETAIL_CRON!)).toBeNull();
    expect(spot.http_service).toBeUndefined();
    const retail = fly('fly.retail.toml');
    expect(normalizeSchedule(retail.env.RETAIL_CRON!)).toBe('0,15,30,45 * * * *');
    expect(normalizeSchedule(retail.env.SPOT_CRON!)).toBeNull();
    expect(retail.env.SERVE).toBe('1');
    expect(retail.http_service!.internal_port).toBe(Number(retail.env.PORT));
    // Fly unroutes a machine failing its check: one check, which the started image below answers
    // 200 on with no data yet (liveness, never the freshness report).
    expect(retail.http_service!.checks).toHaveLength(1);
    for (const c of [spot, retail]) expect(c.kill_signal).toBe('SIGTERM');
  });

  it('compose: the Mac poller runs staggered at :10 :25 :40 :55, with secrets from an env file and a named volume', () => {
    expect(normalizeSchedule(mac.environment.RETAIL_CRON!)).toBe('10,25,40,55 * * * *');
    expect(mac.env_file).toBe('.env');
    expect(existsSync(join(DEPLOY, mac.build.context, mac.build.dockerfile))).toBe(true);
    expect(Object.keys(compose.volumes)).toContain(mac.volumes[0]!.split(':')[0]);
    const secrets = /TOKEN|KEY/;
    expect(Object.keys(mac.environment).filter((k) => secrets.test(k))).toEqual([]);
  });
});

// The image runs the entrypoint script (dist/cli/index.js daemon, as an unprivileged user); without
// a build that has the daemon, the same daemon is started from the sources.
const useImageEntrypoint = builtCliHasDaemon();
if (!useImageEntrypoint) {
  console.log(
    'deploy test: dist/cli/index.js has no daemon yet (npm run build): starting it from src/ instead',
  );
}

describe.each(CONFIGS)('the image started with deploy/$name', ({ name, env, checks }) => {
  it('starts the daemon with that schedule, answers /health, /healthz, the platform checks and the HEALTHCHECK, and stops on its STOPSIGNAL', async () => {
    const dir = tempDir();
    try {
      // The only changes: the repository is a local bare one, the clone in a temporary volume, a free port.
      chmodSync(dir.path, 0o777);
      const repo = bareRepo(dir.path);
      execFileSync('chmod', ['-R', 'a+rwX', repo]);
      const port = String(await freePort());
      const runEnv: Record<string, string> = {
        ...env,
        API_DATA_REPO: repo,
        API_EXPORT_DIR: join(dir.path, 'data', 'staktrakr-api-export'),
        ...(env.PORT ? { PORT: port } : {}),
        // No job runs at start here: the banner, not a poll, is what this test reads.
        RUN_AT_START: 'false',
        RUN_AS_USER: 'nobody',
        // As the image sets it, in this test's volume.
        STAKTRAKR_HEARTBEAT_FILE: join(dir.path, 'staktrakr.heartbeat'),
      };
      expect(imageEnv.STAKTRAKR_HEARTBEAT_FILE).toBeTruthy();
      const scheduled = JOB_KINDS.filter((k) =>
        normalizeSchedule(runEnv[k.cronEnv] ?? k.defaultSchedule),
      ).map((k) => k.command);
      // Every deployed file gives its machine something to do (an idle daemon refuses to start).
      expect(scheduled.length > 0 || runEnv.SERVE === '1', `${name} schedules or serves something`).toBe(
        true,
      );
      const daemon = startDaemon(runEnv, useImageEntrypoint ? [inRepo(script)] : SOURCE_DAEMON);
      try {
        for (const kind of JOB_KINDS) {
          const schedule = runEnv[kind.cronEnv] === undefined ? kind.defaultSchedule : runEnv[kind.cronEnv]!;
          const expression = normalizeSchedule(schedule);
          const shown = expression ? `${expression.replace(/\*/g, '\\*')} +next` : 'off';
          await daemon.waitFor(new RegExp(`  ${kind.command} +${shown}`));
        }
        if (runEnv.SERVE) {
          await daemon.waitFor(/serve .* at http:/);
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          const body = (await res.json()) as { checks: { daemon: { jobs: Record<string, unknown> } } };
          expect(Object.keys(body.checks.daemon.jobs)).toEqual(scheduled);
          // No data yet: the freshness report is unhealthy, yet the process serves, so the
          // liveness answer and the image's HEALTHCHECK (which asks it) pass.
          expect(res.status).toBe(503);
          const live = await fetch(`http://127.0.0.1:${port}/healthz`);
          expect([live.status, await live.json()]).toEqual([200, { ok: true }]);
          for (const c of checks ?? []) {
            const answer = await fetch(`http://127.0.0.1:${port}${c.path}`, { method: c.method });
            expect(answer.status, `${name}: platform check ${c.method} ${c.path}`).toBe(200);
          }
          const check = spawnSync(healthcheck[0]!, healthcheck.slice(1), {
            env: { PATH: process.env.PATH, SERVE: runEnv.SERVE, PORT: port },
          });
          expect(check.status, `${name}: HEALTHCHECK with /health ${res.status}`).toBe(0);
        } else {
          // Nothing served: the check reads the daemon's heartbeat, which is fresh while it runs…
          const heartbeat = {
            PATH: process.env.PATH,
            STAKTRAKR_HEARTBEAT_FILE: runEnv.STAKTRAKR_HEARTBEAT_FILE,
          };
          const check = spawnSync(healthcheck[0]!, healthcheck.slice(1), { env: heartbeat });
          expect(check.status, check.stderr.toString()).toBe(0);
          // …and fails where no daemon beats.
          const none = { ...heartbeat, STAKTRAKR_HEARTBEAT_FILE: join(dir.path, 'nobody-beats-here') };
          expect(spawnSync(healthcheck[0]!, healthcheck.slice(1), { env: none }).status).toBe(1);
        }
        // Started as root, the entrypoint hands the daemon to RUN_AS_USER.
        if (useImageEntrypoint && process.getuid?.() === 0) {
          const uid = execFileSync('ps', ['-o', 'user=', '-p', String(daemon.child.pid)], {
            encoding: 'utf8',
          });
          expect(uid.trim()).toBe('nobody');
        }
        daemon.child.kill(stopSignal);
        expect(await daemon.exit, daemon.log()).toBe(0);
        expect(daemon.lines.at(-1)).toMatch(/stopped$/);
      } finally {
        if (daemon.child.exitCode === null) daemon.child.kill('SIGKILL');
      }
    } finally {
      dir.remove();
    }
  }, 60_000);
});
