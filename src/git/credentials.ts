/**
 * A token reaches git as an HTTP header set through GIT_CONFIG_COUNT/KEY/VALUE environment variables,
 * scoped to the remote's origin: never in a URL, an argument, `.git/config` or a log line.
 */

export function credentialEnv(remoteUrl: string, token: string | undefined): NodeJS.ProcessEnv {
  if (!token || !/^https?:\/\//.test(remoteUrl)) return {};
  const origin = new URL(remoteUrl);
  const scope = `${origin.protocol}//${origin.host}/`;
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${scope}.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
