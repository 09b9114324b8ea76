import { Suspense, useEffect, useRef, useState } from 'react';
import { graphql, usePaginationFragment } from 'react-relay';
import type { AssetGrid_query$key } from './__generated__/AssetGrid_query.graphql';
import type { AssetGridPaginationQuery } from './__generated__/AssetGridPaginationQuery.graphql';
import { AssetDetail } from './AssetDetail';
import { AssetTile } from './AssetTile';
import { ImportForm } from './ImportForm';
import type { AssetFilterState } from './Library';
import { UploadDropzone } from './UploadDropzone';

const PAGE = 24;

/** The merged feed of both providers, newest first, one page more as the end comes into view. */
export function AssetGrid({ query, filters }: { query: AssetGrid_query$key; filters: AssetFilterState }) {
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment<
    AssetGridPaginationQuery,
    AssetGrid_query$key
  >(
    graphql`
      fragment AssetGrid_query on Query
      @argumentDefinitions(
        first: { type: "Int", defaultValue: 24 }
        after: { type: "String" }
        filter: { type: "AssetFilter" }
      )
      @refetchable(queryName: "AssetGridPaginationQuery") {
        assets(first: $first, after: $after, filter: $filter)
          @connection(key: "AssetGrid_assets", filters: ["filter"]) {
          __id
          edges {
            node {
              id
              ...AssetTile_asset
            }
          }
        }
      }
    `,
    query,
  );
  const [selected, setSelected] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const more = useRef({ hasNext, isLoadingNext, loadNext });
  more.current = { hasNext, isLoadingNext, loadNext };

  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const { hasNext: next, isLoadingNext: loading, loadNext: load } = more.current;
        if (entries.some((entry) => entry.isIntersecting) && next && !loading) load(PAGE);
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const admits = (provider: 'KREA' | 'ARGIL') => filters.providers.length === 0 || filters.providers.includes(provider);
  const connection = data.assets.__id;
  return (
    <>
      <div className="toolbar">
        <UploadDropzone connections={admits('KREA') ? [connection] : []} />
        <ImportForm connections={admits('ARGIL') ? [connection] : []} />
      </div>
      <h2 className="sr-only">Assets</h2>
      {data.assets.edges.length === 0 && <p role="status">No assets match.</p>}
      <ul className="grid" aria-label="Assets">
        {data.assets.edges.map((edge) => (
          <li key={edge.node.id}>
            <AssetTile asset={edge.node} onOpen={() => setSelected(edge.node.id)} />
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="sentinel" />
      {hasNext ? (
        <button type="button" className="more" disabled={isLoadingNext} onClick={() => loadNext(PAGE)}>
          {isLoadingNext ? 'Loading more…' : 'Load more'}
        </button>
      ) : (
        <p className="muted end">That is everything.</p>
      )}
      {selected && (
        <Suspense fallback={null}>
          <AssetDetail id={selected} onClose={() => setSelected(null)} />
        </Suspense>
      )}
    </>
  );
}
