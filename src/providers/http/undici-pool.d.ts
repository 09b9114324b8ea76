// undici's Pool class from its own module (pool.ts says why); typed as undici types it.
declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici';
  export default Pool;
}
