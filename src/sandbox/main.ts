/** `npm run sandbox`: only the simulated Krea and Argil REST APIs. */
import { ConfigError, loadConfig } from '../config.js';
import { DEFAULT_TENANT } from './tenants.js';
import { startSandbox } from './index.js';

try {
  const config = loadConfig();
  const sandbox = await startSandbox({ ...config.sandboxData, host: config.host });
  console.log(`Krea sandbox:  ${sandbox.kreaUrl}  (Authorization: Bearer ${DEFAULT_TENANT.kreaKey})`);
  console.log(`Argil sandbox: ${sandbox.argilUrl}  (x-api-key: ${DEFAULT_TENANT.argilKey})`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}
