/**
 * graphql-js words a bad variable value as `Variable "$x" got invalid value
 * <the whole value> at "x.path"; <why>`, which echoes a client's input back
 * (a megabyte string, a megabyte back), and so may the why (graphql-scalars'
 * `Value is not a valid UUID: <value>`). The same facts without the value:
 * which variable, where inside it, what was expected.
 */
const VARIABLE = /^Variable "\$([\w.[\]]{1,200})" got invalid value /;
const AT = / at "([\w.[\]]{1,200})"; /;
const NAME = /^[_A-Za-z]\w{0,63}$/;
const TYPE = '([_A-Za-z]\\w{0,99})';

/** Each way graphql-js (or a scalar of ours) says why, and its value-free wording. */
const REASONS: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => string]> = [
  [new RegExp(`; Expected (?:type|value of type) "?${TYPE}"?`), (m) => `expected ${m[1]}`],
  // Int, Float, String, Boolean, ID, an enum, DateTime: "Int cannot represent non-integer value: ...".
  [new RegExp(`; (?:Enum ")?${TYPE}"? cannot represent `), (m) => `expected ${m[1]}`],
  [new RegExp(` does not exist in "${TYPE}" enum`), (m) => `expected ${m[1]}`],
  // graphql-scalars: "Value is not a valid UUID: ...".
  [new RegExp(`; Value is not a valid ${TYPE}`), (m) => `expected ${m[1]}`],
  [new RegExp(`; Expected non-nullable type "${TYPE}!" not to be null`), (m) => `expected ${m[1]}, not null`],
  [
    new RegExp(`; Field "([^"]{0,200})" is not defined by type "?${TYPE}"?`),
    (m) => `type ${m[2]} has no field${NAME.test(m[1]!) ? ` "${m[1]}"` : ''}`,
  ],
  [
    /; Field "([_A-Za-z]\w{0,63})" of required type "[^"]{1,200}" was not provided/,
    (m) => `field "${m[1]}" is required`,
  ],
  [
    new RegExp(`; Exactly one key must be specified for OneOf type "${TYPE}"`),
    (m) => `set exactly one field of ${m[1]}`,
  ],
  [/; Field "([_A-Za-z]\w{0,63})" must be non-null/, (m) => `field "${m[1]}" must not be null`],
  // The schema's own input checks (schema/builder.ts), worded without the value already.
  [/; (A URL may have at most \d{1,9} characters)/, (m) => m[1]!],
  [/; (Expected a file sent as a GraphQL multipart request)/, (m) => m[1]!],
];

export interface VariableProblem {
  message: string;
  /** The input path of the bad value, e.g. `input.url`. */
  field: string;
}

/**
 * The value-free wording of a variable coercion error, or undefined for any
 * other message. `reason`, when given, says what was wrong instead of the
 * library's words (see ownReason).
 */
export function describeVariableError(message: string, reason?: string): VariableProblem | undefined {
  const variable = VARIABLE.exec(message)?.[1];
  if (variable === undefined) return undefined;
  const field = AT.exec(message)?.[1] ?? variable;
  const start = `Variable "$${variable.split(/[.[]/)[0]}" got an invalid value at "${field}"`;
  if (reason !== undefined) return { message: `${start}; ${reason}`, field };
  let why = '';
  for (const [pattern, word] of REASONS) {
    const match = pattern.exec(message);
    if (!match) continue;
    why = `; ${word(match)}`;
    break;
  }
  return { message: `${start}${why}`, field };
}

/**
 * The message of the gateway's own refusal under a library's wrapping (a
 * scalar of ours that threw a coded BAD_USER_INPUT while graphql-js coerced
 * a value): written by us, it names no value, so clients get it.
 */
export function ownReason(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const extensions = (cause as { extensions?: { code?: unknown } }).extensions;
    if (cause !== error && extensions?.code === 'BAD_USER_INPUT') return cause.message;
    cause = (cause as { originalError?: unknown }).originalError;
  }
  return undefined;
}
