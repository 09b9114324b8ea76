import { dismissNotices, useNotices } from '../notices';

const PROVIDER_NAMES: Record<string, string> = { KREA: 'Krea', ARGIL: 'Argil' };

/** Errors of the latest answers: which provider, which documented code. */
export function Banner() {
  const notices = useNotices();
  if (notices.length === 0) return null;
  const providers = [...new Set(notices.flatMap((notice) => (notice.provider ? [notice.provider] : [])))];
  return (
    <section className="banner" role="alert" aria-label="Problems">
      <p>
        <strong>
          {providers.length > 0
            ? `${providers.map((p) => PROVIDER_NAMES[p] ?? p).join(' and ')} did not answer fully; showing what did arrive.`
            : 'The gateway reported a problem.'}
        </strong>
      </p>
      <ul>
        {notices.map((notice, index) => (
          <li key={index}>
            <code className="code">{notice.code}</code>
            {notice.provider && <span className="provider">{PROVIDER_NAMES[notice.provider] ?? notice.provider}</span>}
            <span>{notice.message}</span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={dismissNotices}>
        Dismiss
      </button>
    </section>
  );
}
