/** serve: the data endpoint (Fly's `serve.js`) plus the query API; runs until SIGTERM/SIGINT. */
import { clockFromEnv } from '../runtime/clock.js';
import { defineCommand } from '../runtime/command.js';
import { whenStopped } from '../runtime/lifecycle.js';
import { runService } from '../serve/service.js';
import { SpotProxy } from '../spot/proxy.js';
import { serveInputs } from './serve-inputs.js';

export default defineCommand({
  name: 'serve',
  description: 'Serve a data checkout over HTTP with /api/prices, /api/config and /health.',
  inputs: serveInputs,
  outputs: { url: 'Where the server listened.' },
  service: true,
  async run(inputs, rt, { env, stop }) {
    const clock = clockFromEnv(env);
    const served = await runService({
      dir: inputs.dir,
      host: inputs.host,
      port: inputs.port,
      cacheControl: inputs['cache-control'],
      rateLimitPerMinute: inputs['rate-limit'],
      followSeconds: inputs.follow,
      thresholds: {
        spotMaxAgeSeconds: inputs['spot-max-age'],
        manifestMaxAgeSeconds: inputs['manifest-max-age'],
      },
      clientIpHeader: inputs['client-ip-header'],
      statusEndpoints: inputs['status-endpoints'],
      workers: inputs.workers,
      accessLog: inputs['access-log'],
      token: inputs.token,
      // Provider keys for /api/proxy come from the environment, never from an input.
      proxy: new SpotProxy(env, clock, rt),
      env,
      clock,
      logger: rt,
      stopped: whenStopped(stop),
    });
    // A cluster worker has no URL of its own: the primary reports it.
    return served ?? {};
  },
});
