/**
 * The bench's server processes: started pinned to the server core (CPU 0,
 * where taskset exists), each waited for until it answers HTTP, and stopped
 * at the end. Also the gateway's RSS, read from /proc.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** What package.json's `npm start` gives node: its flags, then its entry (`--expose-gc … dist/main.js`). */
export function npmStartArgs(root: string): string[] {
  const { start } = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { start: string } })
    .scripts;
  return start.split(/\s+/).slice(1);
}

export const SERVER_CPU = '0';
export const LOAD_CPU = '1';
export const hasTaskset = spawnSync('taskset', ['-c', SERVER_CPU, 'true']).status === 0;

/** Pins this process (the load generator) to the other core. */
export function pinLoadGenerator(): void {
  if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)]);
}

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
}

const running: Server[] = [];

export async function startServer(
  name: string,
  port: number,
  command: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Server> {
  const [file, ...args] = hasTaskset ? ['taskset', '-c', SERVER_CPU, ...command] : command;
  const child = spawn(file!, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const server = { name, child, pid: child.pid! };
  running.push(server);
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr.slice(-500)}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
      return server;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${name} did not answer on port ${port}: ${stderr.slice(-500)}`);
}

/** Stops one server: SIGTERM, then SIGKILL after 3 s. */
export async function stopServer(server: Server): Promise<void> {
  const index = running.indexOf(server);
  if (index >= 0) running.splice(index, 1);
  server.child.kill('SIGTERM');
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve(undefined);
    }, 3000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

export async function stopAll(): Promise<void> {
  for (const server of [...running]) await stopServer(server);
}

/** A /proc/<pid>/status field in MB (VmRSS now, VmHWM the peak since the last reset). */
export function memoryMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

/** Resets VmHWM to the current RSS (Linux: clear_refs 5). */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then counts from start-up
  }
}
