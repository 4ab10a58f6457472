// DateTime (ISO-8601 with offset, as the portal sends dates) and JSON (attachments, params).
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time with offset, e.g. `2026-03-03T09:00:00+03:00`.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : value),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime must be an ISO-8601 string, got ${JSON.stringify(value)}`);
    return date;
  },
});

builder.addScalarType('JSON', new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (attachments, notification params).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => jsonLiteral(ast),
}));

function jsonLiteral(ast: ValueNode): unknown {
  switch (ast.kind) {
    case 'StringValue': case 'BooleanValue': return ast.value;
    case 'IntValue': case 'FloatValue': return Number(ast.value);
    case 'NullValue': return null;
    case 'ListValue': return ast.values.map(jsonLiteral);
    case 'ObjectValue': return Object.fromEntries(ast.fields.map((f) => [f.name.value, jsonLiteral(f.value)]));
    default: throw new GraphQLError(`JSON literals cannot use variables inside, got ${ast.kind}`);
  }
}
