/**
 * Relay connections over the two upstream pagination styles. The pure
 * adapters in `pagination/` plan the upstream requests; these helpers only
 * drive them through a fetch function and shape the Relay result, so each
 * connection field is a few lines of wiring.
 */
import { parseConnectionArgs, parseForwardArgs } from '../pagination/args.js';
import type { ConnectionArgs } from '../pagination/args.js';
import { decodeOffsetCursor, encodeOffsetCursor, runOffsetWindow } from '../pagination/pages.js';
import type { FetchedPage } from '../pagination/pages.js';
import { decodeTimestampCursor, encodeTimestampCursor, TimestampWindow } from '../pagination/timestamp.js';
import type { TimedKey, UpstreamAsk } from '../pagination/timestamp.js';

export interface RelayConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Cursors are encoded only when a client selects them: most queries ask for
 * `nodes` or a few fields of `pageInfo`, and encoding one per edge is work.
 * Classes, not object literals with getters: a literal's getter is a new
 * closure per object, which V8 keeps reachable (with everything it closes
 * over) until the next full GC, so each request's data would survive every
 * young-generation collection.
 */
class LazyEdge<T> {
  private encoded: string | undefined;

  constructor(
    readonly node: T,
    private readonly encode: () => string,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.encode());
  }
}

export function lazyEdge<T>(node: T, encode: () => string): { cursor: string; node: T } {
  return new LazyEdge(node, encode);
}

class LazyPageInfo<T> {
  constructor(
    private readonly edges: RelayConnection<T>['edges'],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

function pageInfo<T>(
  edges: RelayConnection<T>['edges'],
  hasNextPage: boolean,
  hasPreviousPage: boolean,
): RelayConnection<T>['pageInfo'] {
  return new LazyPageInfo(edges, hasNextPage, hasPreviousPage);
}

/** What a connection answers when its provider failed (the error is reported beside it). */
export function emptyConnection<T>(): RelayConnection<T> & { totalCount: number } {
  return {
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: 0,
  };
}

export interface TimestampConnectionOptions<T> {
  /** Names the connection inside its cursors, so they cannot be used elsewhere. */
  cursorKind: string;
  maxPageSize: number;
  /** The provider's largest page. */
  maxLimit: number;
  keyOf: (item: T) => TimedKey;
  fetch: (ask: UpstreamAsk) => Promise<{ items: T[]; nextCursor: string | null }>;
}

/** A forward connection over a "strictly older than" timestamp cursor (Krea). */
export async function resolveTimestampConnection<T>(
  args: ConnectionArgs,
  options: TimestampConnectionOptions<T>,
): Promise<RelayConnection<T>> {
  const { size, after } = parseForwardArgs(args, { maxPageSize: options.maxPageSize });
  const position = after === undefined ? undefined : decodeTimestampCursor(options.cursorKind, after);
  const window = new TimestampWindow(size, position, options.keyOf, { maxLimit: options.maxLimit });
  for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) {
    window.accept(await options.fetch(ask));
  }
  const result = window.result();
  const edges = result.edges.map(({ item, position: at }) =>
    lazyEdge(item, () => encodeTimestampCursor(options.cursorKind, at)),
  );
  return { edges, pageInfo: pageInfo(edges, result.hasNextPage, result.hasPreviousPage) };
}

export interface OffsetConnectionOptions<T> {
  cursorKind: string;
  /** A digest of the filter arguments: a cursor only works with the filters it was made with. */
  filterDigest: string;
  maxPageSize: number;
  /** The provider's largest page. */
  maxUpstreamPageSize: number;
  fetch: (page: number, pageSize: number) => Promise<FetchedPage<T>>;
}

/** A connection both ways over page/pageSize with a total (Argil). */
export async function resolveOffsetConnection<T>(
  args: ConnectionArgs,
  options: OffsetConnectionOptions<T>,
): Promise<RelayConnection<T> & { totalCount: number }> {
  const direction = parseConnectionArgs(args, { maxPageSize: options.maxPageSize });
  const decode = (cursor: string | undefined) =>
    cursor === undefined ? undefined : decodeOffsetCursor(options.cursorKind, cursor, options.filterDigest);
  const spec = {
    forward: direction.forward,
    size: direction.size,
    afterOffset: decode(direction.after),
    beforeOffset: decode(direction.before),
  };
  const result = await runOffsetWindow(spec, options.maxUpstreamPageSize, options.fetch);
  const edges = result.edges.map(({ item, offset }) =>
    lazyEdge(item, () => encodeOffsetCursor(options.cursorKind, offset, options.filterDigest)),
  );
  return {
    edges,
    pageInfo: pageInfo(edges, result.hasNextPage, result.hasPreviousPage),
    totalCount: result.total,
  };
}
