/**
 * The generation form is built from the schema, not written by hand: the
 * models are the fields of the @oneOf input `KreaImageGenerationInput`, and a
 * model's form is its input type's fields, with their descriptions, as
 * introspection tells them (derived in turn from Krea's OpenAPI document).
 */
import { credentialHeaders } from './credentials';
import { GRAPHQL_URL } from './environment';

export interface FieldType {
  kind: 'SCALAR' | 'ENUM' | 'INPUT_OBJECT' | 'LIST';
  /** The named type (String, Int, an enum…); null for lists. */
  name: string | null;
  enumValues: ReadonlyArray<{ name: string; description: string | null }>;
}

export interface ModelField {
  name: string;
  description: string | null;
  required: boolean;
  defaultValue: string | null;
  type: FieldType;
}

export interface Model {
  /** The @oneOf field, e.g. bflFlux1Dev. */
  name: string;
  description: string | null;
  fields: readonly ModelField[];
}

const TYPE_REF = `kind name enumValues { name description } ofType { kind name enumValues { name description } ofType { kind name } }`;

const QUERY = `query GalleryGenerationModels {
  __type(name: "KreaImageGenerationInput") {
    isOneOf
    inputFields {
      name
      description
      type { name inputFields { name description defaultValue type { ${TYPE_REF} } } }
    }
  }
}`;

interface RawType {
  kind: string;
  name: string | null;
  enumValues?: Array<{ name: string; description: string | null }> | null;
  ofType?: RawType | null;
}

interface RawAnswer {
  data?: {
    __type: {
      isOneOf?: boolean;
      inputFields: Array<{
        name: string;
        description: string | null;
        type: {
          name: string;
          inputFields: Array<{ name: string; description: string | null; defaultValue: string | null; type: RawType }>;
        };
      }>;
    } | null;
  };
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

function fieldOf(raw: {
  name: string;
  description: string | null;
  defaultValue: string | null;
  type: RawType;
}): ModelField {
  const required = raw.type.kind === 'NON_NULL';
  const inner = required ? raw.type.ofType! : raw.type;
  const kind = inner.kind === 'SCALAR' || inner.kind === 'ENUM' || inner.kind === 'LIST' ? inner.kind : 'INPUT_OBJECT';
  return {
    name: raw.name,
    description: raw.description,
    required,
    defaultValue: raw.defaultValue,
    type: { kind, name: kind === 'LIST' ? null : inner.name, enumValues: inner.enumValues ?? [] },
  };
}

/** A field the form can show as one control. */
export const isSimple = (field: ModelField) => field.type.kind === 'SCALAR' || field.type.kind === 'ENUM';

export async function loadModels(): Promise<Model[]> {
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...credentialHeaders() },
    body: JSON.stringify({ query: QUERY, operationName: 'GalleryGenerationModels' }),
  });
  const answer = (await response.json()) as RawAnswer;
  const type = answer.data?.__type;
  if (!type) {
    const first = answer.errors?.[0];
    throw new Error(
      first
        ? `${first.message} (${first.extensions?.code ?? 'UNKNOWN'})`
        : 'The schema has no KreaImageGenerationInput',
    );
  }
  return (
    type.inputFields
      .map((model) => ({
        name: model.name,
        description: model.description,
        fields: model.type.inputFields.map(fieldOf),
      }))
      // Only the models whose every required field is one control (a prompt, a number, a choice).
      .filter((model) => model.fields.every((field) => !field.required || isSimple(field)))
  );
}

/** The form's strings as the input type wants them; empty optional fields are left out. */
export function valuesFor(fields: readonly ModelField[], form: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (!isSimple(field)) continue;
    const text = form[field.name] ?? '';
    if (text === '' && field.type.name !== 'Boolean') continue;
    switch (field.type.name) {
      case 'Int':
        values[field.name] = Number.parseInt(text, 10);
        break;
      case 'Float':
        values[field.name] = Number.parseFloat(text);
        break;
      case 'Boolean':
        if (text !== '') values[field.name] = text === 'true';
        break;
      default:
        values[field.name] = text;
    }
  }
  return values;
}
