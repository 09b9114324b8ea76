import { useId, useState } from 'react';
import { graphql, useMutation } from 'react-relay';
import type { UploadDropzoneMutation } from './__generated__/UploadDropzoneMutation.graphql';
import { onUploadProgress } from '../environment';

/** Drop a file (or pick one) to upload it to Krea; it joins the top of the grid. */
export function UploadDropzone({ connections }: { connections: readonly string[] }) {
  const [commit, inFlight] = useMutation<UploadDropzoneMutation>(graphql`
    mutation UploadDropzoneMutation($input: UploadKreaAssetInput!, $connections: [ID!]!) {
      uploadKreaAsset(input: $input) {
        asset @prependNode(connections: $connections, edgeTypeName: "AssetEdge") {
          id
          ...AssetTile_asset
        }
      }
    }
  `);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const [over, setOver] = useState(false);
  const input = useId();

  const send = (file: File) => {
    setMessage(`Uploading ${file.name}…`);
    setProgress(0);
    const stop = onUploadProgress(file, setProgress);
    commit({
      variables: { input: { file: null }, connections: [...connections] },
      uploadables: { 'input.file': file },
      onCompleted: (_response, errors) => {
        stop();
        setProgress(null);
        setMessage(errors?.length ? `Upload failed: ${errors[0]!.message}` : `Uploaded ${file.name}.`);
      },
      onError: (error) => {
        stop();
        setProgress(null);
        setMessage(`Upload failed: ${error.message}`);
      },
    });
  };

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file) send(file);
      }}
    >
      <label htmlFor={input}>Drop a file here to upload it to Krea, or choose one</label>
      <input
        id={input}
        type="file"
        accept="image/*,video/*,audio/*"
        disabled={inFlight}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) send(file);
          event.target.value = '';
        }}
      />
      {progress !== null && (
        <progress max={1} value={progress} aria-label="Upload progress">
          {Math.round(progress * 100)} %
        </progress>
      )}
      <p role="status" className="muted">
        {message}
      </p>
    </div>
  );
}
