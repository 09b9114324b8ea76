/**
 * A real redis-server on a free loopback port, for the tests of what
 * replicas share (from the system's package manager; .ci/run installs it).
 * No persistence; stopped and started again on the same port on demand.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from './http.js';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcessWithoutNullStreams | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const spawned = spawn('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      child = spawned;
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      spawned.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      spawned.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`redis-server is not installed (apt-get install redis-server): ${error.message}`));
      });
    });
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, stop, start };
}
