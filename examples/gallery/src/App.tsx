import { Suspense, useMemo, useState } from 'react';
import { RelayEnvironmentProvider } from 'react-relay';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Banner } from './components/Banner';
import { Library } from './components/Library';
import { Settings } from './components/Settings';
import { SignInPanel } from './components/SignInPanel';
import { createEnvironment } from './environment';
import { dismissNotices } from './notices';
import { explainRefusal } from './refusals';
import { readAccessToken } from './sign-in';
import type { SignInConfig } from './sign-in';
import { OnSpent } from './spending';

/** A refused token on the library's query: what to do about it. */
const explainLibrary = (error: unknown) => explainRefusal({ verb: 'see the library', scope: 'media:read' }, error);

/** `signIn`: the gateway's demo sign-in (SANDBOX_AUTH); null: provider keys in Settings, as always. */
export function App({ signIn }: { signIn: SignInConfig | null }) {
  // New keys or a new sign-in, new environment: one tenant's or user's records never serve another's view.
  const [session, setSession] = useState(0);
  const [creditsKey, setCreditsKey] = useState(0);
  const environment = useMemo(() => createEnvironment(), [session]);
  const restart = () => {
    dismissNotices();
    setSession((n) => n + 1);
  };
  const signedIn = signIn === null || readAccessToken() !== '';
  return (
    <RelayEnvironmentProvider environment={environment}>
      <header className="top">
        <h1>mediagraph gallery</h1>
        <p className="tagline">Krea and Argil media through one GraphQL API</p>
        {signIn ? (
          <SignInPanel key={session} config={signIn} signedIn={signedIn} creditsKey={creditsKey} onChange={restart} />
        ) : (
          <Settings onSaved={() => setSession((n) => n + 1)} />
        )}
      </header>
      <Banner />
      {signedIn ? (
        <OnSpent.Provider value={() => setCreditsKey((n) => n + 1)}>
          <ErrorBoundary explain={signIn ? explainLibrary : undefined}>
            <Suspense fallback={<p role="status">Loading the library…</p>}>
              <Library key={session} />
            </Suspense>
          </ErrorBoundary>
        </OnSpent.Provider>
      ) : (
        <p role="status" className="signed-out">
          Sign in above to see the library: every request to the gateway needs a token.
        </p>
      )}
    </RelayEnvironmentProvider>
  );
}
