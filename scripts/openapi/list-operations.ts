/**
 * The operations of a read document (read-document.ts), in the document's
 * order: method, path, operationId, parameters (the path item's and the
 * operation's own), request body and response schemas, `x-confidence`.
 * Nothing here knows a provider: the renderers (scripts/renderers/) choose
 * what each generated module keeps.
 */
import type {
  DocumentOperation,
  DocumentParameter,
  DocumentRequestBody,
  HttpMethod,
  JsonSchema,
  JsonValue,
} from '../../src/openapi/types.js';
import { isObject } from './read-document.js';

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const LOCATIONS: ReadonlyArray<DocumentParameter['in']> = ['path', 'query', 'header', 'cookie'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export interface ListedOperation extends DocumentOperation {
  description?: string | undefined;
  /** Status code → content type → schema (an empty object when the response has no body). */
  responses: Record<string, Record<string, JsonSchema>>;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `GET /avatars/{id}` → `getAvatarsById`; `POST /generate/image/bfl/flux-1.1-pro` → `postGenerateImageBflFlux11Pro`. */
export function derivedOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment !== '')
    .flatMap((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      const parts = (parameter ? parameter[1]! : segment).split(/[^A-Za-z0-9]+/).filter((part) => part !== '');
      return parameter ? ['By', ...parts] : parts;
    });
  const name = method.toLowerCase() + words.map(capitalise).join('');
  if (!IDENTIFIER.test(name)) throw new Error(`${method} ${path} gives no identifier ("${name}")`);
  return name;
}

function parametersOf(list: JsonValue | undefined, where: string): DocumentParameter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${where}: parameters is not a list`);
  return list.map((parameter) => {
    const location = isObject(parameter) ? parameter.in : undefined;
    if (!isObject(parameter) || typeof parameter.name !== 'string' || !LOCATIONS.includes(location as never))
      throw new Error(`${where}: a parameter without name or a known "in"`);
    return {
      name: parameter.name,
      in: location as DocumentParameter['in'],
      // Path parameters are always required (OpenAPI says so even where a document forgets).
      required: location === 'path' || parameter.required === true,
      ...(isObject(parameter.schema) ? { schema: parameter.schema } : {}),
    };
  });
}

/** The path item's parameters, overridden by the operation's own of the same name and location. */
function mergeParameters(shared: DocumentParameter[], own: DocumentParameter[]): DocumentParameter[] {
  const key = (p: DocumentParameter) => `${p.in} ${p.name}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}

function requestBodyOf(body: JsonValue | undefined): DocumentRequestBody | undefined {
  if (!isObject(body) || !isObject(body.content)) return undefined;
  const types = Object.keys(body.content);
  const contentType = types.includes('application/json') ? 'application/json' : types[0];
  const media = contentType === undefined ? undefined : body.content[contentType];
  if (contentType === undefined || !isObject(media) || !isObject(media.schema)) return undefined;
  return { required: body.required === true, contentType, schema: media.schema };
}

function responsesOf(responses: JsonValue | undefined): ListedOperation['responses'] {
  if (!isObject(responses)) return {};
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const content = isObject(response) && isObject(response.content) ? response.content : {};
      const schemas = Object.entries(content).flatMap(([type, media]) =>
        isObject(media) && isObject(media.schema) ? [[type, media.schema] as const] : [],
      );
      return [status, Object.fromEntries(schemas)];
    }),
  );
}

const text = (value: JsonValue | undefined) => (typeof value === 'string' ? value : undefined);

export function listOperations(root: { [key: string]: JsonValue }): ListedOperation[] {
  const paths = root.paths;
  if (!isObject(paths)) throw new Error('not an OpenAPI document (no paths)');
  const operations: ListedOperation[] = [];
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = parametersOf(item.parameters, path);
    for (const key of Object.keys(item)) {
      const method = key.toUpperCase() as HttpMethod;
      const operation = item[key];
      if (!METHODS.includes(method) || !isObject(operation)) continue;
      const where = `${method} ${path}`;
      const operationId = text(operation.operationId) ?? derivedOperationId(method, path);
      if (ids.has(operationId)) throw new Error(`${where}: operationId "${operationId}" is taken`);
      ids.add(operationId);
      const requestBody = requestBodyOf(operation.requestBody);
      operations.push({
        method,
        path,
        operationId,
        summary: text(operation.summary),
        description: text(operation.description),
        confidence: text(operation['x-confidence']),
        parameters: mergeParameters(shared, parametersOf(operation.parameters, where)),
        ...(requestBody ? { requestBody } : {}),
        responses: responsesOf(operation.responses),
      });
    }
  }
  return operations;
}

/** What a generated module keeps of a listed operation (tsValue leaves out what is undefined). */
export function documentOperation(operation: ListedOperation): DocumentOperation {
  const { method, path, operationId, summary, confidence, parameters, requestBody } = operation;
  return { method, path, operationId, summary, confidence, parameters, requestBody };
}
