/**
 * The GraphQL errors of the latest answer to each operation, for the banner.
 * Relay keeps the data of a partial answer (one provider's items) and drops
 * its errors; the network layer hands them here first, so a person sees which
 * provider failed and why, by its documented `extensions.code`.
 */
import { useSyncExternalStore } from 'react';

export interface Notice {
  operation: string;
  message: string;
  code: string;
  provider?: string;
  path?: string;
}

interface GraphQLErrorLike {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; provider?: unknown };
}

let notices: readonly Notice[] = [];
const listeners = new Set<() => void>();

function publish(next: readonly Notice[]) {
  notices = next;
  for (const listener of listeners) listener();
}

/** Replaces what `operation` reported before (its newest answer is the truth). */
export function reportErrors(operation: string, errors: readonly GraphQLErrorLike[] | undefined): void {
  const others = notices.filter((notice) => notice.operation !== operation);
  const mine = (errors ?? []).map((error) => ({
    operation,
    message: typeof error.message === 'string' ? error.message : 'Unknown error',
    code: typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN',
    ...(typeof error.extensions?.provider === 'string' && { provider: error.extensions.provider }),
    ...(Array.isArray(error.path) && { path: error.path.join('.') }),
  }));
  if (mine.length === 0 && others.length === notices.length) return;
  publish([...others, ...mine]);
}

export function dismissNotices(): void {
  publish([]);
}

export function useNotices(): readonly Notice[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => notices,
  );
}
