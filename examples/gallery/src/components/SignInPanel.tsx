import { Suspense, useEffect, useId, useState } from 'react';
import { explainRefusal } from '../refusals';
import { loadDemoUsers, signIn, signOut } from '../sign-in';
import type { DemoUser, SignInConfig } from '../sign-in';
import { Account } from './Account';
import { ErrorBoundary } from './ErrorBoundary';

/** A refused or expired token, said as what to do about it. */
const explainSignIn = (error: unknown) => explainRefusal({ verb: 'read', scope: 'media:read' }, error);

interface Props {
  config: SignInConfig;
  signedIn: boolean;
  /** Bumped after each generation: the credits are asked for again. */
  creditsKey: number;
  /** Signed in or out: the app starts a fresh session (and Relay store). */
  onChange: () => void;
}

/** SANDBOX_AUTH: sign in as one of the demo users; the token stays in this tab. */
export function SignInPanel({ config, signedIn, creditsKey, onChange }: Props) {
  if (signedIn) {
    return (
      <section className="sign-in" aria-label="Account">
        <ErrorBoundary explain={explainSignIn}>
          <Suspense fallback={<p role="status">Checking your sign-in…</p>}>
            <Account fetchKey={creditsKey} />
          </Suspense>
        </ErrorBoundary>
        <button
          type="button"
          onClick={() => {
            signOut();
            onChange();
          }}
        >
          Sign out
        </button>
      </section>
    );
  }
  return <SignInForm config={config} onSignedIn={onChange} />;
}

function SignInForm({ config, onSignedIn }: { config: SignInConfig; onSignedIn: () => void }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const title = useId();

  useEffect(() => {
    loadDemoUsers(config)
      .then((loaded) => {
        setUsers(loaded);
        setChosen(loaded[0]?.id ?? '');
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [config]);

  return (
    <form
      className="sign-in"
      aria-labelledby={title}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setFailure('');
        signIn(config, chosen)
          .then(onSignedIn)
          .catch((error: unknown) => {
            setBusy(false);
            setFailure(error instanceof Error ? error.message : String(error));
          });
      }}
    >
      <fieldset disabled={busy || !users}>
        <legend id={title}>Sign in as a demo user</legend>
        {!users && !failure && <p role="status">Loading the demo users…</p>}
        {users?.map((user) => (
          <label key={user.id} className="check">
            <input
              type="radio"
              name="user"
              value={user.id}
              checked={chosen === user.id}
              onChange={() => setChosen(user.id)}
            />
            {user.name}
          </label>
        ))}
        <button type="submit">Sign in</button>
      </fieldset>
      {failure && <p role="alert">{failure}</p>}
    </form>
  );
}
