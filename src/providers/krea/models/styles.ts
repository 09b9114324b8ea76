/** Krea styles (LoRAs) and node apps in the gateway's shape. */
import type { KreaNodeApp, KreaStyle } from '../shapes.js';

export interface KreaStyleModel {
  typename: 'KreaStyle';
  providerId: string;
  title: string | null;
  urls: string[];
  coverUrl: string | null;
  prompt: string | null;
  models: string[];
  public: boolean | null;
  likeCount: number | null;
  createdAt: string | null;
}

export function fromKreaStyle(style: KreaStyle): KreaStyleModel {
  return {
    typename: 'KreaStyle',
    providerId: style.id,
    title: style.title ?? null,
    urls: style.urls ?? [],
    coverUrl: style.cover_url ?? null,
    prompt: style.prompt ?? null,
    models: style.models ?? [],
    public: style.public ?? null,
    likeCount: style.like_count ?? null,
    createdAt: style.created_at ?? null,
  };
}

export interface KreaNodeAppModel {
  typename: 'KreaNodeApp';
  providerId: string;
  name: string | null;
  description: string | null;
  inputSchema: Record<string, unknown> | null;
  outputSchema: Record<string, unknown> | null;
}

export function fromKreaNodeApp(app: KreaNodeApp): KreaNodeAppModel {
  return {
    typename: 'KreaNodeApp',
    providerId: app.id,
    name: app.name ?? null,
    description: app.description ?? null,
    inputSchema: app.input_openapi_schema ?? null,
    outputSchema: app.output_openapi_schema ?? null,
  };
}
