/**
 * The yoga server: schema, per-request context, error masking, GraphiQL
 * (rendered offline) and the health endpoints. No schema code lives here.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { YogaServerInstance } from 'graphql-yoga';
import { createRequestContext } from './context.js';
import type { GatewayServices, RequestContext } from './context.js';
import { maskError } from './schema/errors.js';
import { schema } from './schema/index.js';
import { EXAMPLE_QUERY } from './server/graphiql.js';
import { useFieldErrors } from './server/plugins/use-field-errors.js';
import { useInputErrorCodes } from './server/plugins/use-input-error-codes.js';
import { useRequestBodyLimit } from './server/plugins/use-request-body-limit.js';
import { useStreamingUploads } from './server/plugins/use-streaming-uploads.js';
import { KREA_MAX_UPLOAD_BYTES } from './uploads/media.js';

/** One upload and its operation. */
const MULTIPART_MAX_BYTES = KREA_MAX_UPLOAD_BYTES + 2_000_000;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface GatewayOptions {
  services: GatewayServices;
  logLevel?: LogLevel;
  /** True while the process drains on SIGTERM: /readyz answers 503. */
  isDraining?: () => boolean;
}

/** What node:http hands yoga besides the Request (absent under `yoga.fetch`). */
export interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string | undefined } };
}

export type Gateway = YogaServerInstance<NodeServerContext, RequestContext>;

export function createGateway(options: GatewayOptions): Gateway {
  const { services } = options;
  const isDraining = options.isDraining ?? (() => false);
  return createYoga<NodeServerContext, RequestContext>({
    schema,
    context: ({ request, req }) => createRequestContext(services, request, req?.socket?.remoteAddress),
    logging: options.logLevel === undefined || options.logLevel === 'silent' ? false : options.logLevel,
    maskedErrors: { maskError },
    healthCheckEndpoint: '/healthz',
    // Replaced by useRequestBodyLimit, which knows uploads from documents.
    maxRequestBodySize: false,
    landingPage: false,
    // The default GraphiQL loads from a CDN; this one is inlined.
    renderGraphiQL,
    graphiql: { title: 'mediagraph', defaultQuery: EXAMPLE_QUERY },
    // Order: health first (no GraphQL work); CSRF prevention before the
    // streaming multipart parser, so an unpreflighted upload is refused
    // before a byte of it is read; the body limit after every parser (it
    // wraps the chosen one); error shaping last.
    plugins: [
      useReadinessCheck({ endpoint: '/readyz', check: () => !isDraining() }),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-preflight', 'apollo-require-preflight'] }),
      useStreamingUploads({ maxFiles: 1, maxFieldBytes: 1_000_000, maxBytes: MULTIPART_MAX_BYTES }),
      useRequestBodyLimit({ multipartBytes: MULTIPART_MAX_BYTES }),
      useInputErrorCodes(),
      useFieldErrors<RequestContext>({ errorsOf: (context) => context.fieldErrors }),
    ],
  });
}
