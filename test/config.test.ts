import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** GENERATION_COSTS files for the tests below. */
const costsDir = mkdtempSync(join(tmpdir(), 'costs-'));
afterAll(() => rmSync(costsDir, { recursive: true, force: true }));
let costFiles = 0;
function costsFile(text: string): string {
  const path = join(costsDir, `costs-${costFiles++}.json`);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('has the documented defaults and starts the sandbox when nothing is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      kreaBaseUrl: 'https://api.krea.ai',
      argilBaseUrl: 'https://api.argil.ai/v1',
      sandbox: 'auto',
      useSandbox: true,
      gatewayApiKeys: [],
      upstreamTimeoutMs: 10_000,
      maxPageSize: 100,
      logLevel: 'info',
    });
  });

  it('does not start the sandbox in auto mode once a provider is configured, and always with SANDBOX=1', () => {
    expect(loadConfig({ KREA_API_KEY: 'k' }).useSandbox).toBe(false);
    expect(loadConfig({ ARGIL_BASE_URL: 'http://localhost:9/v1' }).useSandbox).toBe(false);
    expect(loadConfig({ KREA_API_KEY: 'k', SANDBOX: '1' }).useSandbox).toBe(true);
    expect(loadConfig({ SANDBOX: '0' }).useSandbox).toBe(false);
  });

  it('has listener timeouts whose request timeout follows the upload deadline', () => {
    expect(loadConfig({})).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 130_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(loadConfig({ UPLOAD_TIMEOUT_MS: '60000' }).requestTimeoutMs).toBe(70_000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '2000' })).toMatchObject({
      requestTimeoutMs: 5_000,
      headersTimeoutMs: 2_000,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
  });

  it('takes LOG_FORMAT json, pretty or auto (the default: readable on a terminal)', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'Pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('gives a body that is not an upload BODY_TIMEOUT_MS, 10 s by default', () => {
    expect(loadConfig({}).bodyTimeoutMs).toBe(10_000);
    expect(loadConfig({ BODY_TIMEOUT_MS: '2500' }).bodyTimeoutMs).toBe(2_500);
    expect(() => loadConfig({ BODY_TIMEOUT_MS: '10' })).toThrow(/BODY_TIMEOUT_MS/);
  });

  it('takes PUBLIC_URL only with a WEBHOOK_SECRET of 16 characters or more', () => {
    expect(loadConfig({}).webhooks).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://media.example.com/', WEBHOOK_SECRET: 's'.repeat(16) }).webhooks).toEqual({
      publicUrl: 'https://media.example.com',
      secret: 's'.repeat(16),
    });
    expect(() => loadConfig({ PUBLIC_URL: 'https://media.example.com' })).toThrow(/WEBHOOK_SECRET/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://media.example.com', WEBHOOK_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url', WEBHOOK_SECRET: 's'.repeat(16) })).toThrow(/PUBLIC_URL/);
  });

  it('takes an ARGIL_WEBHOOK_SECRET only in Argil’s whsec_ form', () => {
    expect(loadConfig({}).argilWebhookSecret).toBeUndefined();
    const secret = `whsec_${Buffer.from('0123456789abcdef0123').toString('base64')}`;
    expect(loadConfig({ ARGIL_WEBHOOK_SECRET: secret }).argilWebhookSecret).toBe(secret);
    expect(() => loadConfig({ ARGIL_WEBHOOK_SECRET: 'plain' })).toThrow(/ARGIL_WEBHOOK_SECRET/);
  });

  it('has small graphql-ws operation caps and a send high-water mark, each settable and checked', () => {
    expect(loadConfig({})).toMatchObject({
      wsMaxOperationsPerConnection: 16,
      wsMaxOperationsPerCredential: 64,
      wsMaxQueuedOperations: 64,
      wsMaxQueuedBytes: 1_048_576,
      wsSendHighWaterMarkBytes: 1_048_576,
    });
    expect(
      loadConfig({
        WS_MAX_OPERATIONS_PER_CONNECTION: '4',
        WS_MAX_OPERATIONS_PER_CREDENTIAL: '8',
        WS_MAX_QUEUED_OPERATIONS: '0',
        WS_MAX_QUEUED_BYTES: '0',
        WS_SEND_HIGH_WATER_MARK_BYTES: '65536',
      }),
    ).toMatchObject({
      wsMaxOperationsPerConnection: 4,
      wsMaxOperationsPerCredential: 8,
      wsMaxQueuedOperations: 0,
      wsMaxQueuedBytes: 0,
      wsSendHighWaterMarkBytes: 65_536,
    });
    expect(() => loadConfig({ WS_MAX_OPERATIONS_PER_CONNECTION: '0' })).toThrow(/^WS_MAX_OPERATIONS_PER_CONNECTION: /);
    expect(() => loadConfig({ WS_MAX_OPERATIONS_PER_CREDENTIAL: 'many' })).toThrow(
      /^WS_MAX_OPERATIONS_PER_CREDENTIAL: /,
    );
    expect(() => loadConfig({ WS_MAX_QUEUED_OPERATIONS: '-1' })).toThrow(/^WS_MAX_QUEUED_OPERATIONS: /);
    expect(() => loadConfig({ WS_MAX_QUEUED_BYTES: '1MB' })).toThrow(/^WS_MAX_QUEUED_BYTES: /);
    expect(() => loadConfig({ WS_SEND_HIGH_WATER_MARK_BYTES: '10' })).toThrow(/^WS_SEND_HIGH_WATER_MARK_BYTES: /);
  });

  it('turns the compiled lane, its plans and operation de-duplication on by default, off with COMPILED_LANE / COMPILED_PLANS / OPERATION_DEDUPE', () => {
    expect(loadConfig({})).toMatchObject({ compiledLane: true, compiledPlans: true, operationDedupe: true });
    expect(loadConfig({ COMPILED_LANE: '0', COMPILED_PLANS: '0', OPERATION_DEDUPE: 'off' })).toMatchObject({
      compiledLane: false,
      compiledPlans: false,
      operationDedupe: false,
    });
    expect(() => loadConfig({ COMPILED_LANE: 'fast' })).toThrow(/^COMPILED_LANE: /);
    expect(() => loadConfig({ COMPILED_PLANS: 'jit' })).toThrow(/^COMPILED_PLANS: /);
    expect(() => loadConfig({ OPERATION_DEDUPE: 'maybe' })).toThrow(/^OPERATION_DEDUPE: /);
  });

  it('takes REDIS_URL as a redis:// URL, READY_REQUIRES_REDIS off and REDIS_COMMAND_TIMEOUT_MS 1000 by default', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, readyRequiresRedis: false });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0', READY_REQUIRES_REDIS: '1' })).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379/0',
      readyRequiresRedis: true,
    });
    expect(() => loadConfig({ REDIS_URL: 'http://redis' })).toThrow(/REDIS_URL/);
    expect(loadConfig({}).redisCommandTimeoutMs).toBe(1_000);
    expect(loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '250' }).redisCommandTimeoutMs).toBe(250);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(
      /^REDIS_COMMAND_TIMEOUT_MS: expected an integer/,
    );
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: 'soon' })).toThrow(/^REDIS_COMMAND_TIMEOUT_MS: /);
    expect(loadConfig({}).pollWithWebhooksMs).toBe(60_000);
    expect(loadConfig({ POLL_WEBHOOK_INTERVAL_MS: '5000' }).pollWithWebhooksMs).toBe(5_000);
  });

  it('serves APQ by default, and trusted documents only with a manifest', () => {
    expect(loadConfig({}).persistedOperations).toBe('apq');
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'only' })).toThrow(/PERSISTED_OPERATIONS_MANIFEST/);
    const only = loadConfig({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_MANIFEST: 'a.json, b.json' });
    expect([only.persistedOperations, only.persistedManifests]).toEqual(['only', ['a.json', 'b.json']]);
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'sometimes' })).toThrow(/PERSISTED_OPERATIONS/);
  });

  it('takes end-user tokens with all three AUTH_* variables, and SANDBOX_AUTH only over the sandbox', () => {
    expect(loadConfig({}).auth).toEqual({ tokens: undefined, sandboxAuth: false });
    const auth = {
      AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json?v=2',
      AUTH_ISSUER: 'https://id.example.com/',
      AUTH_AUDIENCE: 'media',
    };
    expect(loadConfig({ ...auth, KREA_API_KEY: 'k' }).auth.tokens).toEqual({
      jwksUrl: auth.AUTH_JWKS_URL,
      issuer: auth.AUTH_ISSUER,
      audience: 'media',
    });
    expect(() => loadConfig({ AUTH_JWKS_URL: auth.AUTH_JWKS_URL, AUTH_AUDIENCE: 'media' })).toThrow(/^AUTH_ISSUER: /);
    expect(() => loadConfig({ AUTH_JWKS_URL: auth.AUTH_JWKS_URL, AUTH_ISSUER: 'x' })).toThrow(/^AUTH_AUDIENCE: /);
    expect(() => loadConfig({ AUTH_ISSUER: 'x' })).toThrow(/^AUTH_ISSUER: /);
    expect(() => loadConfig({ ...auth, AUTH_JWKS_URL: 'ftp://id.example.com/keys' })).toThrow(/^AUTH_JWKS_URL: /);
    expect(loadConfig({ SANDBOX_AUTH: '1' }).auth.sandboxAuth).toBe(true);
    expect(() => loadConfig({ SANDBOX_AUTH: '1', KREA_API_KEY: 'k' })).toThrow(/^SANDBOX_AUTH: /);
    expect(() => loadConfig({ SANDBOX_AUTH: '1', ...auth })).toThrow(/^SANDBOX_AUTH: /);
  });

  it('limits ids and paid mutations per operation, 100 and 5 by default', () => {
    expect(loadConfig({})).toMatchObject({ maxIdsPerOperation: 100, maxPaidMutationsPerOperation: 5 });
    expect(loadConfig({ MAX_IDS_PER_OPERATION: '250', MAX_PAID_MUTATIONS_PER_OPERATION: '0' })).toMatchObject({
      maxIdsPerOperation: 250,
      maxPaidMutationsPerOperation: 0,
    });
  });

  it('counts no credits without QUOTA_CREDITS_PER_DAY, and prices generations as the contract says', () => {
    const { credits } = loadConfig({});
    expect(credits.perDay).toBeUndefined();
    expect(credits.costs.kinds).toEqual({
      image: 1,
      enhance: 2,
      video: 10,
      styleTraining: 20,
      nodeApp: 5,
      argilRender: 10,
      argilAvatar: 10,
      argilVoice: 5,
    });
    expect(credits.costs.paths.size).toBe(0);
    expect(loadConfig({ QUOTA_CREDITS_PER_DAY: '250' }).credits.perDay).toBe(250);
    expect(loadConfig({ QUOTA_CREDITS_PER_DAY: '0' }).credits.perDay).toBe(0);
    expect(() => loadConfig({ QUOTA_CREDITS_PER_DAY: 'lots' })).toThrow(/^QUOTA_CREDITS_PER_DAY: expected an integer/);
  });

  it('overrides costs from the GENERATION_COSTS file, by kind and by Krea endpoint path', () => {
    const file = costsFile(
      '{ "video": 12, "nodeApp": 0, "argilVoice": 7, "/generate/image/bfl/flux-1-dev": 3, "/styles/train": 40 }',
    );
    const { costs } = loadConfig({ GENERATION_COSTS: file }).credits;
    expect(costs.kinds).toMatchObject({
      video: 12,
      nodeApp: 0,
      image: 1,
      styleTraining: 20,
      argilVoice: 7,
      argilAvatar: 10,
    });
    expect([...costs.paths]).toEqual([
      ['/generate/image/bfl/flux-1-dev', 3],
      ['/styles/train', 40],
    ]);
  });

  it.each([
    ['an unknown key', '{ "images": 2 }', /"images": unknown key/],
    ['an unknown Krea path', '{ "/generate/image/acme/nope": 2 }', /"\/generate\/image\/acme\/nope": unknown key/],
    ['a path that costs nothing upstream', '{ "/jobs": 1 }', /"\/jobs": unknown key/],
    ['a negative cost', '{ "image": -1 }', /"image": expected a whole number/],
    ['a fractional cost', '{ "image": 1.5 }', /"image": expected a whole number/],
    ['a cost as text', '{ "image": "2" }', /"image": expected a whole number/],
    ['a list', '[1, 2]', /expected a JSON object of costs/],
    ['text that is not JSON', '{ image: 1 }', /is not valid JSON/],
  ])('stops on a GENERATION_COSTS file with %s, in one line', (_case, text, problem) => {
    const file = costsFile(text);
    let error: unknown;
    try {
      loadConfig({ GENERATION_COSTS: file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('GENERATION_COSTS');
    expect((error as ConfigError).message).toMatch(/^GENERATION_COSTS: /);
    expect((error as ConfigError).message).toMatch(problem);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('stops when the GENERATION_COSTS file cannot be read', () => {
    expect(() => loadConfig({ GENERATION_COSTS: join(costsDir, 'missing.json') })).toThrow(
      /^GENERATION_COSTS: cannot read .*missing\.json \(ENOENT\)$/,
    );
  });

  it('reads lists and trims a trailing slash from base URLs', () => {
    const config = loadConfig({ GATEWAY_API_KEYS: ' a, b ,,c', ARGIL_BASE_URL: 'http://x.test/v1/' });
    expect(config.gatewayApiKeys).toEqual(['a', 'b', 'c']);
    expect(config.argilBaseUrl).toBe('http://x.test/v1');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['KREA_BASE_URL', 'not a url'],
    ['ARGIL_BASE_URL', 'ftp://files.test'],
    ['SANDBOX', 'maybe'],
    ['UPSTREAM_TIMEOUT_MS', '0'],
    ['MAX_PAGE_SIZE', '-3'],
    ['MAX_IDS_PER_OPERATION', '0'],
    ['MAX_IDS_PER_OPERATION', 'many'],
    ['MAX_PAID_MUTATIONS_PER_OPERATION', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['SANDBOX_LATENCY_MS', '1.5'],
    ['BODY_TIMEOUT_MS', 'soon'],
    ['LOG_FORMAT', 'yaml'],
    ['SANDBOX_AUTH', 'maybe'],
    ['AUTH_JWKS_URL', 'not a url'],
  ])('stops on %s=%s with one line naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}:`)).toBe(true);
    expect((error as ConfigError).message).not.toContain('\n');
  });
});
