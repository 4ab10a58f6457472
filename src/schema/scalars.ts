// DateTime (ISO-8601 with offset, as the portal sends dates) and JSON (attachments, params).
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time with offset, e.g. `2026-03-03T09:00:00+03:00`.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`, { extensions: { code: 'INVALID_DATE_TIME' } });
    return date;
  },
});

/** Deepest JSON input accepted; attachments need a handful of levels. */
export const MAX_JSON_DEPTH = 32;

builder.addScalarType('JSON', new GraphQLScalarType({
  name: 'JSON',
  description: `Any JSON value (attachments, notification params), nested at most ${MAX_JSON_DEPTH} levels.`,
  serialize: (value) => value,
  parseValue: (value) => {
    // Deep values would overflow the stack further on (JSON.stringify, form encoding).
    if (depthOver(value, MAX_JSON_DEPTH)) throw tooDeep();
    return value;
  },
  // Inline literals get the same limit, checked while they are converted.
  parseLiteral: (ast) => jsonLiteral(ast, 0),
}));

const tooDeep = () => new GraphQLError(`JSON values may nest at most ${MAX_JSON_DEPTH} levels`, { extensions: { code: 'JSON_TOO_DEEP' } });

// Iterative, so a hostile depth cannot overflow the stack while being measured.
function depthOver(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

// `depth` counts the lists and objects around `ast`; the recursion stops at MAX_JSON_DEPTH,
// so a hostile literal cannot take it deeper than that.
function jsonLiteral(ast: ValueNode, depth: number): unknown {
  if ((ast.kind === 'ListValue' || ast.kind === 'ObjectValue') && depth >= MAX_JSON_DEPTH) throw tooDeep();
  switch (ast.kind) {
    case 'StringValue': case 'BooleanValue': return ast.value;
    case 'IntValue': case 'FloatValue': return Number(ast.value);
    case 'NullValue': return null;
    case 'ListValue': return ast.values.map((item) => jsonLiteral(item, depth + 1));
    case 'ObjectValue': return Object.fromEntries(ast.fields.map((f) => [f.name.value, jsonLiteral(f.value, depth + 1)]));
    default: throw new GraphQLError(`JSON literals cannot use variables inside, got ${ast.kind}`);
  }
}
