import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { saveCredentials } from './credentials';
import { discoverSignIn } from './sign-in';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

discoverSignIn().then(
  (signIn) => {
    // Signed in, the gateway holds the provider keys: none is kept in the browser, not even an old one.
    if (signIn) saveCredentials({ kreaToken: '', argilApiKey: '', gatewayKey: '' });
    root.render(
      <StrictMode>
        <App signIn={signIn} />
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(
      <p role="alert" className="failure">
        Signing in is not available: {error instanceof Error ? error.message : String(error)}
      </p>,
    ),
);
