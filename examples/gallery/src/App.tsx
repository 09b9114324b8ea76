import { Suspense, useMemo, useState } from 'react';
import { RelayEnvironmentProvider } from 'react-relay';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Banner } from './components/Banner';
import { Library } from './components/Library';
import { Settings } from './components/Settings';
import { createEnvironment } from './environment';

export function App() {
  // New keys, new environment: one tenant's records never serve another's view.
  const [session, setSession] = useState(0);
  const environment = useMemo(() => createEnvironment(), [session]);
  return (
    <RelayEnvironmentProvider environment={environment}>
      <header className="top">
        <h1>mediagraph gallery</h1>
        <p className="tagline">Krea and Argil media through one GraphQL API</p>
        <Settings onSaved={() => setSession((n) => n + 1)} />
      </header>
      <Banner />
      <ErrorBoundary>
        <Suspense fallback={<p role="status">Loading the library…</p>}>
          <Library key={session} />
        </Suspense>
      </ErrorBoundary>
    </RelayEnvironmentProvider>
  );
}
