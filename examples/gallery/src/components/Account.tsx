import { graphql, useLazyLoadQuery } from 'react-relay';
import type { AccountQuery } from './__generated__/AccountQuery.graphql';
import { resetTime } from '../refusals';

/**
 * Who the gateway takes the signed-in person for, what they may do, and
 * their credits today: `viewer`, asked again (fetchKey) after each generation.
 */
export function Account({ fetchKey }: { fetchKey: number }) {
  const { viewer } = useLazyLoadQuery<AccountQuery>(
    graphql`
      query AccountQuery {
        viewer {
          subject
          scopes
          quota {
            limit
            remaining
            resetsAt
          }
        }
      }
    `,
    {},
    { fetchKey, fetchPolicy: 'store-and-network' },
  );
  return (
    <dl className="account" aria-label="Signed in">
      <dt>Signed in as</dt>
      <dd data-testid="viewer-subject">{viewer.subject}</dd>
      <dt>May</dt>
      <dd data-testid="viewer-scopes">{viewer.scopes.join(' ') || 'nothing'}</dd>
      <dt>Credits</dt>
      <dd>
        {viewer.quota ? (
          <>
            <span data-testid="credits-remaining">{viewer.quota.remaining}</span> of{' '}
            <span data-testid="credits-limit">{viewer.quota.limit}</span> left today{' '}
            <span className="muted">
              (reset at <time dateTime={viewer.quota.resetsAt}>{resetTime(viewer.quota.resetsAt)}</time>)
            </span>
          </>
        ) : (
          'no daily limit'
        )}
      </dd>
    </dl>
  );
}
