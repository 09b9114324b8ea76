import { graphql, useFragment } from 'react-relay';
import type { AssetTile_asset$key, AssetTile_asset$data } from './__generated__/AssetTile_asset.graphql';

const PROVIDER_NAMES = { KREA: 'Krea', ARGIL: 'Argil' } as const;

/** What a screen reader says for the picture: its name, else its description, else what it is. */
export function altText(asset: Pick<AssetTile_asset$data, 'name' | 'description' | 'kind' | 'provider'>): string {
  const provider =
    asset.provider === 'KREA' || asset.provider === 'ARGIL' ? PROVIDER_NAMES[asset.provider] : 'a provider';
  return asset.name ?? asset.description ?? `${asset.kind.toLowerCase().replace('_', ' ')} from ${provider}`;
}

export function AssetTile({ asset, onOpen }: { asset: AssetTile_asset$key; onOpen: () => void }) {
  const data = useFragment(
    graphql`
      fragment AssetTile_asset on Asset {
        id
        name
        kind
        provider
        status
        thumbnailUrl
        url
        createdAt
        ... on KreaAsset {
          description
        }
      }
    `,
    asset,
  );
  const label = altText(data);
  const provider =
    data.provider === 'KREA' || data.provider === 'ARGIL' ? PROVIDER_NAMES[data.provider] : data.provider;
  return (
    <button
      type="button"
      className="tile"
      data-asset-id={data.id}
      data-provider={data.provider}
      onClick={onOpen}
      aria-label={`${label}, ${data.kind.toLowerCase()} from ${provider}`}
    >
      {data.thumbnailUrl ? (
        <img src={data.thumbnailUrl} alt={label} loading="lazy" width={160} height={160} />
      ) : data.kind === 'VIDEO' && data.url ? (
        <video src={data.url} muted preload="metadata" aria-label={label} />
      ) : (
        <span className="placeholder" aria-hidden="true">
          {data.kind === 'AUDIO' ? '♪' : data.kind === 'MODEL_3D' ? '3D' : data.status === 'PROCESSING' ? '…' : '?'}
        </span>
      )}
      <span className="caption">
        <span className={`badge ${data.provider.toLowerCase()}`}>{provider}</span>
        <span className="name">{label}</span>
      </span>
    </button>
  );
}
