// batch (spec C): up to 50 string commands run in order under the caller's identity, with
// `$result[...]` references to earlier answers and one 200 answer holding five result maps.
import { invoke } from './call.js';
import { RestError, restError } from './errors.js';
import { isPhpArray, isTruthy, parseQuery, phpEntries, upperKeys } from './php.js';
import type { Identity, Method, MethodContext, Portal } from './portal.js';

/** Commands beyond this many get ERROR_BATCH_LENGTH_EXCEEDED each. */
export const BATCH_MAX_LENGTH = 50;
const NOT_IN_BATCH = new Set(['batch', 'download', 'upload']);

type Key = string | number;

interface Maps {
  result: Map<Key, unknown>;
  error: Map<Key, unknown>;
  total: Map<Key, unknown>;
  next: Map<Key, unknown>;
  time: Map<Key, unknown>;
}

/** The batch method; `find` resolves command method names (passed in to avoid an import cycle). */
export function makeBatch(find: (name: string) => Method | undefined): Method {
  return {
    scope: null,
    run: ({ portal, identity, params }: MethodContext) => {
      const top = upperKeys(params);
      const halt = isTruthy(top.HALT);
      const maps: Maps = { result: new Map(), error: new Map(), total: new Map(), next: new Map(), time: new Map() };
      const commands = isPhpArray(top.CMD) ? phpEntries(top.CMD) : [];
      for (const [index, [key, command]] of commands.entries()) {
        if (index >= BATCH_MAX_LENGTH) {
          maps.error.set(key, restError('batchLengthExceeded').toBody());
          if (halt) break;
          continue;
        }
        // Non-string commands are skipped silently, though they count toward the 50.
        if (typeof command !== 'string') continue;
        try {
          runCommand(portal, identity, find, command, key, maps);
        } catch (error) {
          if (!(error instanceof RestError)) throw error;
          maps.error.set(key, { error: error.code, error_description: error.description });
          if (halt) break;
        }
      }
      return {
        result: maps.result,
        result_error: maps.error,
        result_total: maps.total,
        result_next: maps.next,
        result_time: maps.time,
      };
    },
  };
}

function runCommand(portal: Portal, identity: Identity, find: (name: string) => Method | undefined, command: string, key: Key, maps: Maps): void {
  // A `#` starts a URL fragment, so it cuts the command short (clients must send %23).
  const [beforeFragment] = command.split('#');
  const q = beforeFragment.indexOf('?');
  const name = q === -1 ? beforeFragment : beforeFragment.slice(0, q);
  if (NOT_IN_BATCH.has(name.toLowerCase())) throw restError('batchMethodNotAllowed');
  const method = find(name);
  if (!method) throw restError('methodNotFound');
  const params = substitute(parseQuery(q === -1 ? '' : beforeFragment.slice(q + 1)), maps) as Record<string, unknown>;
  const outcome = invoke(portal, identity, name, method, params, true);
  maps.result.set(key, outcome.result);
  maps.time.set(key, outcome.time);
  if (outcome.total !== undefined) maps.total.set(key, outcome.total);
  if (outcome.next !== undefined) maps.next.set(key, outcome.next);
}

const WHOLE = /^\$(result|next|total|time|error)((?:\[[^\]\s]*\])*)$/i;
const EMBEDDED = /\$(result|next|total|time|error)((?:\[[^\]\s]*\])*)/gi;

// Replaces `$result[cmd][path]` placeholders in every value of the parsed parameters.
function substitute(value: unknown, maps: Maps): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    // A whole-value placeholder keeps the referenced value's type; upper-case names match but
    // do not resolve, so they become null.
    if (whole) return whole[1] === whole[1].toLowerCase() ? plain(resolve(maps, whole[1] as keyof Maps, whole[2])) : null;
    return value.replace(EMBEDDED, (match, name: string, path: string) => {
      if (name !== name.toLowerCase()) return match;
      const found = resolve(maps, name as keyof Maps, path);
      return typeof found === 'string' || typeof found === 'number' ? String(found) : match;
    });
  }
  if (isPhpArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of phpEntries(value)) out[k] = substitute(v, maps);
    return out;
  }
  return value;
}

// Walks the path; at the first missing segment it stops and keeps what it reached.
function resolve(maps: Maps, name: keyof Maps, path: string): unknown {
  let node: unknown = maps[name];
  for (const [, segment] of path.matchAll(/\[([^\]]*)\]/g)) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next;
  }
  return node;
}

function child(node: unknown, segment: string): unknown {
  if (node instanceof Map) return node.has(segment) ? node.get(segment) : node.get(Number(segment));
  if (isPhpArray(node)) return (node as Record<string, unknown>)[segment];
  return undefined;
}

// A substituted map becomes an ordinary PHP array for the method that receives it.
const plain = (value: unknown): unknown => (value instanceof Map ? Object.fromEntries(value) : value);
