/**
 * Krea's generated module: every operation (the shared section), and what
 * the schema layer builds Krea's inputs from: for each generation endpoint
 * its @oneOf member, input type and fields, and the style operations' bodies.
 * Pure: document text in, module text out (scripts/generate.ts writes it;
 * test/generated/ compares).
 */
import type { BodyField, JsonSchema } from '../../src/openapi/body-fields.js';
import type { KreaBodyVariant, KreaGeneration, Modality } from '../../src/providers/krea/document.js';
import { listOperations } from '../openapi/list-operations.js';
import type { ListedOperation } from '../openapi/list-operations.js';
import { isObject, readDocument } from '../openapi/read-document.js';
import { header, importPath, operationsSection, tsValue } from '../openapi/render-module.js';
import type { ModuleTarget } from '../openapi/render-module.js';
import { capitalise, fieldsOf, memberName, shorten } from './krea-fields.js';

const MODALITIES: readonly Modality[] = ['image', 'video', 'enhance'];

export interface KreaDocumentModel {
  sha256: string;
  operations: ListedOperation[];
  generations: KreaGeneration[];
  /** POST /styles/train: a oneOf of two training schemas. */
  styleTraining: KreaBodyVariant[];
  /** PATCH /styles/{id}. */
  styleUpdate: { typeName: string; fields: BodyField[]; schema: JsonSchema };
}

const jsonBody = (operation: ListedOperation) =>
  operation.requestBody?.contentType === 'application/json' ? operation.requestBody.schema : undefined;

function generationOf(operation: ListedOperation, modality: string, rest: string): KreaGeneration {
  const { path } = operation;
  if (!MODALITIES.includes(modality as Modality)) throw new Error(`${path}: unknown modality "${modality}"`);
  const body = jsonBody(operation);
  if (!body) throw new Error(`${path}: no JSON body`);
  const member = memberName(rest);
  const typeName = `Krea${capitalise(member)}Input`;
  const summary = [operation.summary, operation.description]
    .map(shorten)
    .filter((part) => part !== undefined)
    .join(': ');
  return {
    modality: modality as Modality,
    path,
    member,
    typeName,
    summary: summary === '' ? undefined : summary,
    fields: fieldsOf(body, typeName.replace(/Input$/, '')),
    schema: body,
  };
}

export function modelKreaDocument(text: string, fileName: string): KreaDocumentModel {
  const { sha256, root } = readDocument(text, fileName);
  const operations = listOperations(root);
  const generations: KreaGeneration[] = [];
  let styleTraining: KreaBodyVariant[] = [];
  let styleUpdate: KreaDocumentModel['styleUpdate'] | undefined;
  for (const operation of operations) {
    const { method, path } = operation;
    const body = jsonBody(operation);
    const generate = /^\/generate\/([^/]+)\/(.+)$/.exec(path);
    if (generate && method === 'POST') {
      generations.push(generationOf(operation, generate[1]!, generate[2]!));
    } else if (path === '/styles/train' && method === 'POST' && body && Array.isArray(body.oneOf)) {
      styleTraining = body.oneOf.filter(isObject).map((branch, i) => {
        const member = i === 0 ? 'flux' : 'image';
        const typeName = `KreaStyleTraining${capitalise(member)}Input`;
        return { member, typeName, fields: fieldsOf(branch, typeName.replace(/Input$/, '')), schema: branch };
      });
    } else if (path === '/styles/{id}' && method === 'PATCH' && body) {
      styleUpdate = { typeName: 'UpdateKreaStyleInput', fields: fieldsOf(body, 'UpdateKreaStyle'), schema: body };
    }
  }
  if (!styleUpdate || styleTraining.length === 0) throw new Error('the document lacks the style operations');
  return { sha256, operations, generations, styleTraining, styleUpdate };
}

/** The generated module's text. */
export function renderKreaModule(text: string, target: ModuleTarget): string {
  const model = modelKreaDocument(text, target.document);
  const shared = operationsSection('KREA', model.operations, model.sha256);
  const value = (of: unknown) => tsValue(of, shared.refs);
  return `${header(target, model.sha256)}import type { DocumentOperation, JsonSchema } from '${importPath(target, 'src/openapi/types.ts')}';
import type { BodyField } from '${importPath(target, 'src/openapi/body-fields.ts')}';
import type { KreaBodyVariant, KreaGeneration } from '${importPath(target, 'src/providers/krea/document.ts')}';

${shared.text}
/** Each POST /generate/<modality>/… endpoint: one member of its modality's @oneOf input. */
export const KREA_GENERATIONS: readonly KreaGeneration[] = ${value(model.generations)};

/** POST /styles/train: one input per branch of its body's oneOf. */
export const KREA_STYLE_TRAINING: readonly KreaBodyVariant[] = ${value(model.styleTraining)};

/** PATCH /styles/{id}. */
export const KREA_STYLE_UPDATE: { typeName: string; fields: readonly BodyField[]; schema: JsonSchema } = ${value(model.styleUpdate)};
`;
}
