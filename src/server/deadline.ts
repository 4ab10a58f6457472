// One deadline per operation (DESIGN §7): every upstream call of a query or mutation, retries
// included, shares it. At the deadline the client withdraws calls still queued (not sent) and
// gives up on calls in flight (a write among them is UPSTREAM_OUTCOME_UNKNOWN). Subscriptions
// live as long as their client wants, so only execution starts the clock.
import { Kind, getOperationAST, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Deadlines } from '../config.js';

/** The root field whose operations get the longer deadline. */
const BULK_FIELD = 'sendNotifications';

/**
 * An operation's deadline as its context holds it: no signal until the operation executes, so
 * the thousands of subscriptions a server holds cost an empty object each. The request's
 * caller reads `signal` at every call.
 */
export interface OperationDeadline {
  signal?: AbortSignal;
}

/** A new operation's deadline, for its context. */
export const operationDeadline = (): OperationDeadline => ({});

/** Starts an operation's clock when it executes, and stops it when it is done. */
export function useDeadlines(deadlines: Deadlines): Plugin {
  return {
    onExecute({ args }) {
      const clock = (args.contextValue as { deadline?: OperationDeadline } | undefined)?.deadline;
      if (!clock || clock.signal) return;
      const ms = runsBulkSend(args.document, args.operationName) ? deadlines.bulkSendMs : deadlines.operationMs;
      const controller = new AbortController();
      clock.signal = controller.signal;
      const timer = setTimeout(() => controller.abort(new DOMException(`the operation's deadline of ${ms} ms passed`, 'TimeoutError')), ms);
      return { onExecuteDone: () => clearTimeout(timer) };
    },
  };
}

function runsBulkSend(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  // Root fields may sit in fragments; each fragment is looked at once, so cycles end.
  const seen = new Set<string>();
  const holds = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === BULK_FIELD;
      if (selection.kind === Kind.INLINE_FRAGMENT) return holds(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name) || !fragments.has(name)) return false;
      seen.add(name);
      return holds(fragments.get(name)!);
    });
  return holds(operation.selectionSet);
}
