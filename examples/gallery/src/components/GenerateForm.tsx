import { useContext, useEffect, useId, useMemo, useState } from 'react';
import { graphql, useFragment, useMutation, useSubscription } from 'react-relay';
import type { GraphQLSubscriptionConfig } from 'relay-runtime';
import type { GenerateFormMutation, KreaImageGenerationInput } from './__generated__/GenerateFormMutation.graphql';
import type { GenerateFormJobSubscription } from './__generated__/GenerateFormJobSubscription.graphql';
import type { GenerateForm_job$key } from './__generated__/GenerateForm_job.graphql';
import { isSimple, loadModels, valuesFor } from '../introspection';
import type { Model, ModelField } from '../introspection';
import { JOBS_CONNECTION } from './JobsPanel';
import { explainRefusal } from '../refusals';
import { OnSpent } from '../spending';

const GENERATE = { verb: 'generate', scope: 'media:generate' };

const humanize = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** A generation with a Krea image model; its job is followed live until it ends. */
export function GenerateForm() {
  const [models, setModels] = useState<Model[] | null>(null);
  const [failure, setFailure] = useState('');
  const [modelName, setModelName] = useState('');
  const [form, setForm] = useState<Record<string, string>>({});
  const [job, setJob] = useState<{ ref: GenerateForm_job$key; prompt: string } | null>(null);
  const [message, setMessage] = useState('');
  const ids = { model: useId(), help: useId() };
  const spent = useContext(OnSpent);
  const [commit, inFlight] = useMutation<GenerateFormMutation>(graphql`
    mutation GenerateFormMutation($input: KreaImageGenerationInput!, $idempotencyKey: String, $connections: [ID!]!) {
      generateKreaImage(input: $input, idempotencyKey: $idempotencyKey) {
        job @prependNode(connections: $connections, edgeTypeName: "JobEdge") {
          id
          ...GenerateForm_job
          ...JobsPanel_job
        }
      }
    }
  `);

  useEffect(() => {
    loadModels()
      .then((loaded) => {
        setModels(loaded);
        setModelName(loaded[0]?.name ?? '');
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, []);

  const model = useMemo(() => models?.find((m) => m.name === modelName), [models, modelName]);
  if (failure) return <p role="alert">The generation form could not be built: {failure}</p>;
  if (!models || !model) return <p role="status">Loading the models…</p>;
  const simple = model.fields.filter(isSimple);
  const hidden = model.fields.length - simple.length;
  const fieldControl = (field: ModelField) => (
    <Field
      key={`${model.name}.${field.name}`}
      field={field}
      value={form[field.name] ?? ''}
      onChange={(value) => setForm({ ...form, [field.name]: value })}
    />
  );

  return (
    <section className="panel" aria-labelledby="generate-title">
      <h2 id="generate-title">Generate an image with Krea</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const prompt = form.prompt ?? '';
          setMessage('Sending…');
          commit({
            variables: {
              // The model is picked at run time from introspection, so no static type names it;
              // the gateway checks the shape (@oneOf, required fields, enums) and codes what it refuses.
              input: { [model.name]: valuesFor(model.fields, form) } as unknown as KreaImageGenerationInput,
              // One key per press: a retried request can never start (and bill) a second generation.
              idempotencyKey: crypto.randomUUID(),
              connections: [JOBS_CONNECTION],
            },
            onCompleted: (response, errors) => {
              spent();
              if (errors?.length) {
                return setMessage(explainRefusal(GENERATE, errors) ?? `Generation refused: ${errors[0]!.message}`);
              }
              setMessage('');
              setJob({ ref: response.generateKreaImage.job, prompt });
            },
            onError: (error) => {
              spent();
              setMessage(explainRefusal(GENERATE, error) ?? `Generation refused: ${error.message}`);
            },
          });
        }}
      >
        <label htmlFor={ids.model}>Model</label>
        <select
          id={ids.model}
          value={model.name}
          aria-describedby={ids.help}
          onChange={(event) => {
            setModelName(event.target.value);
            setForm({});
          }}
        >
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {humanize(m.name)}
            </option>
          ))}
        </select>
        <p id={ids.help} className="help">
          {model.description}
        </p>
        {simple.filter((field) => field.required).map(fieldControl)}
        <details>
          <summary>Options</summary>
          {simple.filter((field) => !field.required).map(fieldControl)}
        </details>
        {hidden > 0 && <p className="muted">{hidden} more options (lists, references) are in the API.</p>}
        <button type="submit" disabled={inFlight}>
          Generate
        </button>
        <p role="status" className="muted">
          {message}
        </p>
      </form>
      {job && <LiveJob job={job.ref} prompt={job.prompt} />}
    </section>
  );
}

function Field({ field, value, onChange }: { field: ModelField; value: string; onChange: (value: string) => void }) {
  const id = useId();
  const help = field.description ? `${id}-help` : undefined;
  const label = `${humanize(field.name)}${field.required ? ' (required)' : ''}`;
  const common = { id, 'aria-describedby': help, required: field.required };
  let control;
  if (field.type.kind === 'ENUM') {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        {!field.required && <option value="">Default</option>}
        {field.type.enumValues.map((option) => (
          <option key={option.name} value={option.name} title={option.description ?? undefined}>
            {option.name}
          </option>
        ))}
      </select>
    );
  } else if (field.type.name === 'Boolean') {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Default</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  } else if (field.type.name === 'Int' || field.type.name === 'Float') {
    control = (
      <input
        {...common}
        type="number"
        step={field.type.name === 'Int' ? 1 : 'any'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else if (field.name === 'prompt') {
    control = <textarea {...common} rows={3} value={value} onChange={(event) => onChange(event.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={field.type.name === 'URL' ? 'url' : 'text'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
      {help && (
        <p id={help} className="help">
          {field.description}
        </p>
      )}
    </div>
  );
}

function LiveJob({ job, prompt }: { job: GenerateForm_job$key; prompt: string }) {
  const data = useFragment(
    graphql`
      fragment GenerateForm_job on KreaJob {
        id
        state
        providerStatus
        isTerminal
        outputUrls
        error {
          code
          message
        }
      }
    `,
    job,
  );
  const config = useMemo<GraphQLSubscriptionConfig<GenerateFormJobSubscription>>(
    () => ({
      subscription: graphql`
        subscription GenerateFormJobSubscription($id: ID!) {
          kreaJobUpdates(id: $id) {
            id
            ...GenerateForm_job
            ...JobsPanel_job
          }
        }
      `,
      variables: { id: data.id },
    }),
    [data.id],
  );
  useSubscription(config);
  const picture = data.outputUrls[0];
  return (
    <div className="live-job" data-job-id={data.id}>
      <p role="status" aria-live="polite">
        Job{' '}
        <span className={`state ${data.state.toLowerCase()}`} data-testid="generation-state">
          {data.state}
        </span>{' '}
        <span className="muted">({data.providerStatus})</span>
      </p>
      {data.error && (
        <p role="alert">
          <code>{data.error.code}</code> {data.error.message}
        </p>
      )}
      {data.state === 'SUCCEEDED' && picture && (
        <img className="generated" src={picture} alt={prompt || 'The generated image'} />
      )}
    </div>
  );
}
