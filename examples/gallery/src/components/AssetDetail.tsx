import { useEffect, useRef, useTransition } from 'react';
import { graphql, useLazyLoadQuery, useRefetchableFragment } from 'react-relay';
import type { AssetDetailQuery } from './__generated__/AssetDetailQuery.graphql';
import type { AssetDetail_asset$key } from './__generated__/AssetDetail_asset.graphql';
import { altText } from './AssetTile';

/** One asset, fetched by its global id through `node`, refreshed the same way. */
export function AssetDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const data = useLazyLoadQuery<AssetDetailQuery>(
    graphql`
      query AssetDetailQuery($id: ID!) {
        node(id: $id) {
          ...AssetDetail_asset @alias(as: "asset")
        }
      }
    `,
    { id },
    { fetchPolicy: 'store-and-network' },
  );
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="detail" onClose={onClose} aria-label="Asset details">
      {data.node?.asset ? <Details asset={data.node.asset} /> : <p>This asset no longer exists.</p>}
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

function Details({ asset }: { asset: AssetDetail_asset$key }) {
  const [data, refetch] = useRefetchableFragment(
    graphql`
      fragment AssetDetail_asset on Asset @refetchable(queryName: "AssetDetailRefetchQuery") {
        id
        providerId
        name
        kind
        provider
        status
        mimeType
        url
        thumbnailUrl
        createdAt
        ... on KreaAsset {
          description
          width
          height
          sizeBytes
        }
        ... on ArgilAsset {
          type
        }
      }
    `,
    asset,
  );
  const [refreshing, startTransition] = useTransition();
  const label = altText({ ...data, description: data.description ?? null });
  return (
    <article>
      <h2>{label}</h2>
      {data.kind === 'VIDEO' && data.url ? (
        <video src={data.url} controls poster={data.thumbnailUrl ?? undefined} aria-label={label} />
      ) : data.thumbnailUrl || (data.kind === 'IMAGE' && data.url) ? (
        <img src={data.url ?? data.thumbnailUrl ?? ''} alt={label} />
      ) : null}
      <dl>
        <dt>Provider</dt>
        <dd>{data.provider}</dd>
        <dt>Kind</dt>
        <dd>{data.kind}</dd>
        <dt>Status</dt>
        <dd>{data.status}</dd>
        <dt>Created</dt>
        <dd>{new Date(data.createdAt).toLocaleString()}</dd>
        {data.mimeType && (
          <>
            <dt>Type</dt>
            <dd>{data.mimeType}</dd>
          </>
        )}
        {data.width != null && data.height != null && (
          <>
            <dt>Size</dt>
            <dd>
              {data.width} × {data.height}
            </dd>
          </>
        )}
        {data.sizeBytes != null && (
          <>
            <dt>Bytes</dt>
            <dd>{data.sizeBytes.toLocaleString()}</dd>
          </>
        )}
        <dt>Provider id</dt>
        <dd>
          <code>{data.providerId}</code>
        </dd>
      </dl>
      {data.url && (
        <p>
          <a href={data.url} target="_blank" rel="noreferrer">
            Open the file
          </a>
        </p>
      )}
      <button
        type="button"
        disabled={refreshing}
        onClick={() =>
          startTransition(() => {
            refetch({}, { fetchPolicy: 'network-only' });
          })
        }
      >
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </button>
    </article>
  );
}
