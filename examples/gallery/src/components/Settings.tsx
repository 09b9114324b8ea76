import { useId, useRef, useState } from 'react';
import { readCredentials, saveCredentials } from '../credentials';
import type { Credentials } from '../credentials';

/** The session's own provider keys (sent as X-Krea-Token / X-Argil-Api-Key). */
export function Settings({ onSaved }: { onSaved: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(readCredentials);
  const title = useId();
  return (
    <>
      <button type="button" className="settings-button" onClick={() => dialog.current?.showModal()}>
        Settings
      </button>
      <dialog ref={dialog} aria-labelledby={title}>
        <form
          method="dialog"
          onSubmit={() => {
            saveCredentials(draft);
            onSaved();
          }}
        >
          <h2 id={title}>Provider keys</h2>
          <p>
            Empty: the gateway uses its own keys (the sandbox&apos;s under <code>npm start</code>). Kept only in this
            tab&apos;s session storage.
          </p>
          <KeyField label="Krea token (X-Krea-Token)" name="kreaToken" draft={draft} onChange={setDraft} />
          <KeyField label="Argil API key (X-Argil-Api-Key)" name="argilApiKey" draft={draft} onChange={setDraft} />
          <KeyField
            label="Gateway key (only if the gateway sets GATEWAY_API_KEYS)"
            name="gatewayKey"
            draft={draft}
            onChange={setDraft}
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

function KeyField({
  label,
  name,
  draft,
  onChange,
}: {
  label: string;
  name: keyof Credentials;
  draft: Credentials;
  onChange: (next: Credentials) => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={draft[name]}
        onChange={(event) => onChange({ ...draft, [name]: event.target.value })}
      />
    </>
  );
}
