/**
 * graphql-js and graphql-jit word a bad variable value as `Variable "$x" got
 * invalid value <the whole value>; …`, which echoes a client's input back
 * (a megabyte string, a megabyte back). The same facts without the value:
 * which variable, where inside it, what was expected.
 */
const VARIABLE = /^Variable "\$([\w.[\]]{1,200})" got invalid value /;
const AT = / at "([\w.[\]]{1,200})"; /;
const EXPECTED = /; Expected (?:type|value of type) "?([_A-Za-z]\w{0,99})"?/;
const UNKNOWN_FIELD = /; Field "([^"]{0,200})" is not defined by type "?([_A-Za-z]\w{0,99})"?/;
const NAME = /^[_A-Za-z]\w{0,63}$/;

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
  if (reason !== undefined) return { message: `${start}: ${reason}`, field };
  const expected = EXPECTED.exec(message)?.[1];
  const unknown = UNKNOWN_FIELD.exec(message);
  let why = '';
  if (expected) why = `; expected ${expected}`;
  else if (unknown) {
    const key = NAME.test(unknown[1]!) ? ` "${unknown[1]}"` : '';
    why = `; type ${unknown[2]} has no field${key}`;
  }
  return { message: `${start}${why}`, field };
}

/**
 * The message of the gateway's own refusal under a library's wrapping (a
 * scalar of ours that threw a coded BAD_USER_INPUT while graphql-js or the
 * JIT coerced a value): written by us, it names no value, so clients get it.
 */
export function ownReason(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const extensions = (cause as { extensions?: { code?: unknown } }).extensions;
    if (cause !== error && extensions?.code === 'BAD_USER_INPUT') return cause.message;
    cause = (cause as { originalError?: unknown }).originalError;
  }
  return undefined;
}
