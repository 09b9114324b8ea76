/** `npm run sandbox`: only the simulated REST APIs, one line each. */
import { ConfigError, loadConfig } from '../config.js';
import { startSandbox } from './index.js';

try {
  const config = loadConfig();
  const sandbox = await startSandbox({ ...config.sandboxData, host: config.host });
  const width = Math.max(...sandbox.origins.map(({ name }) => name.length));
  for (const { name, url, credential } of sandbox.origins) {
    console.log(`${`${name} sandbox:`.padEnd(width + 10)}${url}  (${credential})`);
  }
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}
