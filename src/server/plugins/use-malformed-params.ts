/**
 * yoga reads the `variables` and `extensions` of a GET (and of a form POST)
 * with a bare JSON.parse: malformed JSON there throws a SyntaxError, which
 * yoga answers 500 and logs as an error. It is the client's mistake: a 400
 * coded BAD_REQUEST (BAD_USER_INPUT to clients, use-safe-errors.ts), as yoga
 * answers a malformed JSON body. The message names the parameter, never its value.
 *
 * Must come after every plugin that sets a request parser: it wraps the one
 * that was chosen.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

type RequestParser = NonNullable<Parameters<NonNullable<Plugin['onRequestParse']>>[0]['requestParser']>;

const JSON_PARAMS = ['variables', 'extensions'] as const;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The parameter that is not JSON, when the URL says (a GET); else undefined. */
function malformedParam(request: Request): string | undefined {
  const params = new URL(request.url).searchParams;
  return JSON_PARAMS.find((name) => {
    const value = params.get(name);
    return value !== null && value !== '' && !isJson(value);
  });
}

function malformed(request: Request) {
  const name = malformedParam(request);
  const what = name ? `\`${name}\`` : '`variables` or `extensions`';
  return createGraphQLError(`The request parameter ${what} is not valid JSON`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

export function useMalformedParams(): Plugin {
  // One wrapper per parser (yoga's are the same for every request).
  const wrapped = new WeakMap<RequestParser, RequestParser>();
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      let guarded = wrapped.get(requestParser);
      if (!guarded) {
        const parse = requestParser;
        guarded = async (request) => {
          try {
            return await parse(request);
          } catch (error) {
            // JSON.parse's error: other failures keep their own answer.
            if (error instanceof SyntaxError) throw malformed(request);
            throw error;
          }
        };
        wrapped.set(requestParser, guarded);
      }
      setRequestParser(guarded);
    },
  };
}
