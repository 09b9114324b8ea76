/**
 * The mutation type and what deletes answer. The mutations themselves are
 * each provider's (`providers/<name>/schema/`) and the core's
 * (delete-asset.ts).
 */
import { builder } from './builder.js';

export const DeletePayloadRef = builder.objectRef<{ deletedId: string }>('DeletePayload').implement({
  description: 'What a delete answers.',
  fields: (t) => ({ deletedId: t.exposeID('deletedId', { description: 'The global id of what was deleted.' }) }),
});

builder.mutationType({
  description: 'Making and changing media: generations, uploads, imports, videos, styles, deletes.',
});
