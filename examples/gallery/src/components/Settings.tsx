import { useId, useRef, useState } from 'react';
import { readCredentials, saveCredentials } from '../credentials';

/** The session's own provider keys (sent as X-Krea-Token / X-Argil-Api-Key). */
export function Settings({ onSaved }: { onSaved: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(readCredentials);
  const krea = useId();
  const argil = useId();
  const gateway = useId();
  return (
    <>
      <button type="button" className="settings-button" onClick={() => dialog.current?.showModal()}>
        Settings
      </button>
      <dialog ref={dialog} aria-labelledby={`${krea}-title`}>
        <form
          method="dialog"
          onSubmit={() => {
            saveCredentials(draft);
            onSaved();
          }}
        >
          <h2 id={`${krea}-title`}>Provider keys</h2>
          <p>
            Empty: the gateway uses its own keys (the sandbox&apos;s under <code>npm start</code>). Kept only in this
            tab&apos;s session storage.
          </p>
          <label htmlFor={krea}>Krea token (X-Krea-Token)</label>
          <input
            id={krea}
            type="password"
            autoComplete="off"
            value={draft.kreaToken}
            onChange={(event) => setDraft({ ...draft, kreaToken: event.target.value })}
          />
          <label htmlFor={argil}>Argil API key (X-Argil-Api-Key)</label>
          <input
            id={argil}
            type="password"
            autoComplete="off"
            value={draft.argilApiKey}
            onChange={(event) => setDraft({ ...draft, argilApiKey: event.target.value })}
          />
          <label htmlFor={gateway}>Gateway key (only if the gateway sets GATEWAY_API_KEYS)</label>
          <input
            id={gateway}
            type="password"
            autoComplete="off"
            value={draft.gatewayKey}
            onChange={(event) => setDraft({ ...draft, gatewayKey: event.target.value })}
          />
          <div className="actions">
            <button type="submit">Save</button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
