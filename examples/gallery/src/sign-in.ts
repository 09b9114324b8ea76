/**
 * Signing in with the sandbox's demo identity provider (SANDBOX_AUTH). The
 * gateway names /gallery/sign-in.json in the page (a meta tag) only in that
 * mode; without it the gallery works as it always did, with no request more.
 * The access token is kept in this tab's sessionStorage only, like the
 * provider keys of the other mode: gone when the tab closes.
 */
export interface SignInConfig {
  usersUrl: string;
  tokenUrl: string;
}

export interface DemoUser {
  id: string;
  name: string;
  scope: string;
}

const TOKEN_KEY = 'mediagraph.accessToken';

let offered: SignInConfig | null = null;

/** The sign-in the gateway offers, or null (the normal mode). Read once, before the app renders. */
export async function discoverSignIn(): Promise<SignInConfig | null> {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="mediagraph-sign-in"]');
  if (!meta) return null;
  const response = await fetch(new URL(meta.content, document.baseURI), { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The gateway did not say how to sign in (HTTP ${response.status})`);
  const found = (await response.json()) as Partial<SignInConfig>;
  if (typeof found.usersUrl !== 'string' || typeof found.tokenUrl !== 'string') {
    throw new Error('The gateway’s sign-in.json names no users or token URL');
  }
  offered = { usersUrl: found.usersUrl, tokenUrl: found.tokenUrl };
  return offered;
}

/** True when the gallery signs its visitor in (and so never holds provider keys). */
export const signInMode = (): boolean => offered !== null;

export async function loadDemoUsers(config: SignInConfig): Promise<DemoUser[]> {
  const response = await fetch(config.usersUrl, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The identity provider did not list its users (HTTP ${response.status})`);
  const { users } = (await response.json()) as { users?: DemoUser[] };
  return Array.isArray(users) ? users : [];
}

/** Asks the token endpoint for `user`'s token and keeps it for this tab. */
export async function signIn(config: SignInConfig, user: string): Promise<void> {
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ user }),
  });
  const issued = (await response.json().catch(() => ({}))) as { access_token?: unknown; error_description?: unknown };
  if (!response.ok || typeof issued.access_token !== 'string') {
    const why = typeof issued.error_description === 'string' ? `: ${issued.error_description}` : '';
    throw new Error(`The identity provider issued no token (HTTP ${response.status})${why}`);
  }
  sessionStorage.setItem(TOKEN_KEY, issued.access_token);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export const readAccessToken = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';
