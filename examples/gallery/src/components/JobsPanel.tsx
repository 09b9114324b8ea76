import { graphql, useFragment, usePaginationFragment } from 'react-relay';
import { ConnectionHandler } from 'relay-runtime';
import type { JobsPanel_query$key } from './__generated__/JobsPanel_query.graphql';
import type { JobsPanelPaginationQuery } from './__generated__/JobsPanelPaginationQuery.graphql';
import type { JobsPanel_job$key } from './__generated__/JobsPanel_job.graphql';

/** The jobs connection's id in the store, for mutations that add a job to it. */
export const JOBS_CONNECTION = ConnectionHandler.getConnectionID('client:root', 'JobsPanel_jobs');

/** Both providers' jobs, newest first, with their states. */
export function JobsPanel({ query }: { query: JobsPanel_query$key }) {
  const { data, loadNext, hasNext, isLoadingNext } = usePaginationFragment<
    JobsPanelPaginationQuery,
    JobsPanel_query$key
  >(
    graphql`
      fragment JobsPanel_query on Query
      @argumentDefinitions(first: { type: "Int", defaultValue: 6 }, after: { type: "String" })
      @refetchable(queryName: "JobsPanelPaginationQuery") {
        jobs(first: $first, after: $after) @connection(key: "JobsPanel_jobs") {
          edges {
            node {
              id
              ...JobsPanel_job
            }
          }
        }
      }
    `,
    query,
  );
  return (
    <section className="panel" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      <ol className="jobs" aria-label="Jobs">
        {data.jobs.edges.map((edge) => (
          <JobRow key={edge.node.id} job={edge.node} />
        ))}
      </ol>
      {hasNext && (
        <button type="button" disabled={isLoadingNext} onClick={() => loadNext(6)}>
          {isLoadingNext ? 'Loading…' : 'More jobs'}
        </button>
      )}
    </section>
  );
}

function JobRow({ job }: { job: JobsPanel_job$key }) {
  const data = useFragment(
    graphql`
      fragment JobsPanel_job on Job {
        id
        provider
        state
        providerStatus
        createdAt
        outputUrls
        ... on KreaJob {
          status
        }
        ... on ArgilVideo {
          name
        }
      }
    `,
    job,
  );
  const picture = data.outputUrls.find((url) => /\.(png|jpe?g|webp)$/i.test(url));
  const what = data.name ?? (data.provider === 'KREA' ? 'Krea job' : 'Argil video');
  return (
    <li className="job" data-job-id={data.id} data-state={data.state}>
      {picture ? <img src={picture} alt={`Output of ${what}`} width={40} height={40} /> : <span className="dot" />}
      <span>
        <span className="name">{what}</span>
        <span className={`state ${data.state.toLowerCase()}`}>{data.state}</span>
        <time dateTime={data.createdAt} className="muted">
          {new Date(data.createdAt).toLocaleString()}
        </time>
      </span>
    </li>
  );
}
