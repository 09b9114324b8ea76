import { useId, useState } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { ArgilImportType, ImportFormMutation } from './__generated__/ImportFormMutation.graphql';

/** Argil fetches the file itself; the asset shows as PROCESSING until Argil has it. */
export function ImportForm({ connections }: { connections: readonly string[] }) {
  const [commit, inFlight] = useMutation<ImportFormMutation>(graphql`
    mutation ImportFormMutation($input: ImportArgilAssetInput!, $connections: [ID!]!) {
      importArgilAsset(input: $input) {
        asset @prependNode(connections: $connections, edgeTypeName: "AssetEdge") {
          id
          ...AssetTile_asset
        }
      }
    }
  `);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<ArgilImportType>('IMAGE');
  const [message, setMessage] = useState('');
  const ids = { url: useId(), name: useId(), type: useId() };
  return (
    <form
      className="import"
      aria-label="Import into Argil"
      onSubmit={(event) => {
        event.preventDefault();
        commit({
          variables: { input: { url, name, type }, connections: [...connections] },
          onCompleted: (_response, errors) => {
            if (errors?.length) setMessage(`Import failed: ${errors[0]!.message}`);
            else {
              setMessage(`Importing ${name}…`);
              setUrl('');
              setName('');
            }
          },
          onError: (error) => setMessage(`Import failed: ${error.message}`),
        });
      }}
    >
      <label htmlFor={ids.url}>File URL to import into Argil</label>
      <input id={ids.url} type="url" required value={url} onChange={(event) => setUrl(event.target.value)} />
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} required value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={ids.type}>Kind</label>
      <select id={ids.type} value={type} onChange={(event) => setType(event.target.value as ArgilImportType)}>
        <option value="IMAGE">Image</option>
        <option value="VIDEO">Video</option>
      </select>
      <button type="submit" disabled={inFlight}>
        Import
      </button>
      <p role="status" className="muted">
        {message}
      </p>
    </form>
  );
}
