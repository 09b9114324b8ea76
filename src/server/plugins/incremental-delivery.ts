/**
 * @defer and @stream (@graphql-yoga/plugin-defer-stream): answered over
 * multipart/mixed or SSE in increments by graphql-tools' executor. graphql-jit
 * cannot run them, so operations that use them are taken off the JIT path.
 */
import { BREAK, visit } from 'graphql';
import type { DocumentNode } from 'graphql';

const INCREMENTAL = new Set(['defer', 'stream']);
const seen = new WeakMap<DocumentNode, boolean>();

/** Whether a document uses @defer or @stream anywhere (kept per parsed document). */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  let uses = seen.get(document);
  if (uses === undefined) {
    uses = false;
    visit(document, {
      Directive(node) {
        if (!INCREMENTAL.has(node.name.value)) return undefined;
        uses = true;
        return BREAK;
      },
    });
    seen.set(document, uses);
  }
  return uses;
}
