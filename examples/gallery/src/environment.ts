/**
 * The Relay environment: queries and mutations as JSON POSTs to /graphql,
 * uploads as GraphQL multipart requests (with progress, which fetch cannot
 * report), subscriptions over SSE (graphql-sse). Every request carries the
 * session's provider keys, or its access token when signed in
 * (credentials.ts); every answer's errors go to the banner.
 */
import { createClient } from 'graphql-sse';
import { Environment, Network, Observable, RecordSource, Store } from 'relay-runtime';
import type { GraphQLResponse, RequestParameters, UploadableMap, Variables } from 'relay-runtime';
import { credentialHeaders } from './credentials';
import { reportErrors } from './notices';
import { GraphQLAnswerError } from './refusals';
import type { AnswerError } from './refusals';

export const GRAPHQL_URL = '/graphql';

/** Upload progress listeners, by the File being sent. */
const progressListeners = new WeakMap<Blob, (fraction: number) => void>();

export function onUploadProgress(file: Blob, listener: (fraction: number) => void): () => void {
  progressListeners.set(file, listener);
  return () => progressListeners.delete(file);
}

interface Answer {
  data?: unknown;
  errors?: AnswerError[];
}

function checked(operation: string, answer: Answer): GraphQLResponse {
  reportErrors(operation, answer.errors);
  if (answer.data == null) {
    const first = answer.errors?.[0];
    const code = typeof first?.extensions?.code === 'string' ? ` (${first.extensions.code})` : '';
    // The errors go along, so a form can say what a refusal means (refusals.ts).
    throw new GraphQLAnswerError(
      `${typeof first?.message === 'string' ? first.message : 'No data'}${code}`,
      answer.errors ?? [],
    );
  }
  return answer as GraphQLResponse;
}

async function postJson(request: RequestParameters, variables: Variables): Promise<GraphQLResponse> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...credentialHeaders() },
    body: JSON.stringify({ query: request.text, operationName: request.name, variables }),
  });
  return checked(request.name, (await response.json()) as Answer);
}

/** The GraphQL multipart request spec, one file per variable path (`input.file`). */
function postMultipart(request: RequestParameters, variables: Variables, uploadables: UploadableMap) {
  return new Promise<GraphQLResponse>((resolve, reject) => {
    const form = new FormData();
    const names = Object.keys(uploadables);
    const map: Record<string, string[]> = {};
    names.forEach((path, index) => (map[String(index)] = [`variables.${path}`]));
    form.append('operations', JSON.stringify({ query: request.text, operationName: request.name, variables }));
    form.append('map', JSON.stringify(map));
    names.forEach((path, index) => form.append(String(index), uploadables[path] as Blob));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_URL);
    // The gateway's CSRF guard: a multipart POST must carry a preflight header.
    xhr.setRequestHeader('x-graphql-yoga-csrf', '1');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(credentialHeaders())) xhr.setRequestHeader(name, value);
    const files = names.map((path) => uploadables[path] as Blob);
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      for (const file of files) progressListeners.get(file)?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      try {
        resolve(checked(request.name, JSON.parse(xhr.responseText) as Answer));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    xhr.onerror = () => reject(new Error('The upload could not reach the gateway'));
    xhr.send(form);
  });
}

const sse = createClient({ url: GRAPHQL_URL, headers: () => credentialHeaders() });

export function createEnvironment(): Environment {
  const network = Network.create(
    (request, variables, _cacheConfig, uploadables) =>
      uploadables ? postMultipart(request, variables, uploadables) : postJson(request, variables),
    (request, variables) =>
      Observable.create<GraphQLResponse>((sink) =>
        sse.subscribe(
          { query: request.text ?? '', operationName: request.name, variables },
          {
            next: (answer) => {
              try {
                sink.next(checked(request.name, answer as Answer));
              } catch (error) {
                sink.error(error instanceof Error ? error : new Error(String(error)));
              }
            },
            error: (error) => sink.error(error instanceof Error ? error : new Error(String(error))),
            complete: () => sink.complete(),
          },
        ),
      ),
  );
  return new Environment({ network, store: new Store(new RecordSource()) });
}
