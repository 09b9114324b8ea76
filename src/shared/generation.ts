/** Response-cache generations (server/response-cache.ts), in process and in Redis. */
import { randomUUID } from 'node:crypto';

/** A new generation, unique across processes: no answer was ever stored under it. */
export const nextGeneration = (): string => randomUUID();
