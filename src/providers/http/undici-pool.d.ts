// undici's Pool class from its own module (pool.ts says why). Typed without the methods
// undici's index adds to every dispatcher (request, stream, pipeline, connect, upgrade):
// loaded this way, a pool has only its own, and a call to those would fail at run time.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';
  export type ModulePool = Omit<Pool, 'request' | 'stream' | 'pipeline' | 'connect' | 'upgrade'>;
  const PoolOfItsModule: new (url: string | URL, options?: Pool.Options) => ModulePool;
  export default PoolOfItsModule;
}
