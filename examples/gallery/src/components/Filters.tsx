import type { AssetKind, Provider } from './__generated__/LibraryQuery.graphql';
import type { AssetFilterState } from './Library';

const PROVIDERS: ReadonlyArray<{ value: Provider; label: string }> = [
  { value: 'KREA', label: 'Krea' },
  { value: 'ARGIL', label: 'Argil' },
];
const KINDS: ReadonlyArray<{ value: AssetKind; label: string }> = [
  { value: 'IMAGE', label: 'Images' },
  { value: 'VIDEO', label: 'Videos' },
  { value: 'AUDIO', label: 'Audio' },
  { value: 'MODEL_3D', label: '3D models' },
  { value: 'OTHER', label: 'Other' },
];

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

/** None ticked in a group means every one of it. */
export function Filters({
  value,
  onChange,
  busy,
}: {
  value: AssetFilterState;
  onChange: (next: AssetFilterState) => void;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="filters-title" className="panel">
      <h2 id="filters-title">Filters {busy && <span className="muted">(loading…)</span>}</h2>
      <fieldset>
        <legend>Provider</legend>
        {PROVIDERS.map((provider) => (
          <label key={provider.value} className="check">
            <input
              type="checkbox"
              checked={value.providers.includes(provider.value)}
              onChange={() => onChange({ ...value, providers: toggled(value.providers, provider.value) })}
            />
            {provider.label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Kind</legend>
        {KINDS.map((kind) => (
          <label key={kind.value} className="check">
            <input
              type="checkbox"
              checked={value.kinds.includes(kind.value)}
              onChange={() => onChange({ ...value, kinds: toggled(value.kinds, kind.value) })}
            />
            {kind.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
