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
      <CheckGroup
        legend="Provider"
        options={PROVIDERS}
        chosen={value.providers}
        onToggle={(provider) => onChange({ ...value, providers: toggled(value.providers, provider) })}
      />
      <CheckGroup
        legend="Kind"
        options={KINDS}
        chosen={value.kinds}
        onToggle={(kind) => onChange({ ...value, kinds: toggled(value.kinds, kind) })}
      />
    </section>
  );
}

function CheckGroup<T extends string>({
  legend,
  options,
  chosen,
  onToggle,
}: {
  legend: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  chosen: readonly T[];
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="check">
          <input type="checkbox" checked={chosen.includes(option.value)} onChange={() => onToggle(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
