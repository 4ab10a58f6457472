// GraphQL parameters sent URL-encoded: a GET's query string, or an
// application/x-www-form-urlencoded POST body. Yoga's own parser for these JSON.parses
// `variables` and `extensions` unguarded, so `variables={oops` became a masked 500; this one
// answers 400 with a GraphQL error that names the parameter. Yoga checks the parsed values
// afterwards (variables and extensions must be objects) as it does for JSON bodies.
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** Replaces yoga's GET and form-POST parameter parsing with one that refuses bad JSON with 400. */
export function urlEncodedParams(): Plugin {
  return {
    // Yoga's parsers chose first; a later plugin's choice wins.
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'GET') setRequestParser((req) => paramsOf(new URL(req.url).searchParams));
      else if (request.method === 'POST' && isForm(request)) setRequestParser(async (req) => paramsOf(new URLSearchParams(await req.text())));
    },
  };
}

const JSON_PARAMS = ['variables', 'extensions'] as const;

function paramsOf(search: URLSearchParams): GraphQLParams {
  const params: GraphQLParams = {
    query: search.get('query') || undefined,
    operationName: search.get('operationName') || undefined,
  };
  for (const name of JSON_PARAMS) {
    const text = search.get(name);
    if (text) params[name] = parseJsonParam(name, text);
  }
  return params;
}

function parseJsonParam(name: string, text: string): Record<string, unknown> {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message says where (`... at position 1`); the value itself is the client's own.
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'not JSON';
    throw new GraphQLError(`The ${name} parameter must be a JSON object, got text that is not JSON (${reason})`, {
      extensions: { code: 'BAD_REQUEST', parameter: name, http: { status: 400 } },
    });
  }
}

// The same test as yoga's form parser, so that the same requests count as forms.
function isForm(request: Request): boolean {
  const type = request.headers.get('content-type')?.split(',')[0];
  return type === FORM || !!type?.startsWith(`${FORM};`);
}

const FORM = 'application/x-www-form-urlencoded';
