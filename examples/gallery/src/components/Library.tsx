import { useDeferredValue, useState } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import type { LibraryQuery, AssetKind, Provider } from './__generated__/LibraryQuery.graphql';
import { AssetGrid } from './AssetGrid';
import { Filters } from './Filters';
import { GenerateForm } from './GenerateForm';
import { JobsPanel } from './JobsPanel';

export interface AssetFilterState {
  providers: readonly Provider[];
  kinds: readonly AssetKind[];
}

/** Empty lists are no filter: the gateway gets none. */
function filterOf(state: AssetFilterState) {
  const filter: { providers?: Provider[]; kinds?: AssetKind[] } = {};
  if (state.providers.length > 0) filter.providers = [...state.providers];
  if (state.kinds.length > 0) filter.kinds = [...state.kinds];
  return Object.keys(filter).length > 0 ? filter : null;
}

export function Library() {
  const [filters, setFilters] = useState<AssetFilterState>({ providers: [], kinds: [] });
  // The boxes follow a click at once; the grid keeps showing the last answer until the new one arrives.
  const shown = useDeferredValue(filters);
  const pending = shown !== filters;
  const data = useLazyLoadQuery<LibraryQuery>(
    graphql`
      query LibraryQuery($filter: AssetFilter) {
        ...AssetGrid_query @arguments(filter: $filter)
        ...JobsPanel_query
      }
    `,
    { filter: filterOf(shown) },
  );
  return (
    <div className="layout">
      <aside className="side">
        <Filters value={filters} onChange={setFilters} busy={pending} />
        <GenerateForm />
        <JobsPanel query={data} />
      </aside>
      <main className="main" aria-busy={pending}>
        <AssetGrid query={data} filters={shown} />
      </main>
    </div>
  );
}
