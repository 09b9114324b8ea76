/**
 * A real redis-server on a free loopback port, for the tests of what
 * replicas share (from the system's package manager; .ci/run installs it).
 * No persistence; stopped and started again on the same port on demand, or
 * paused (hung) and resumed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from './http.js';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open and answers nothing (a hung Redis). */
  pause(): void;
  /** SIGCONT; harmless when not paused or not running (call it in cleanup). */
  resume(): void;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcessWithoutNullStreams | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      // Already running: nothing to start (a second server could not bind the port).
      if (child && child.exitCode === null) return resolve();
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
  const signal = (name: 'SIGSTOP' | 'SIGCONT') => {
    if (child && child.exitCode === null && child.pid !== undefined) process.kill(child.pid, name);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop,
    start,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
  };
}
