// A real OpenID Connect provider for tests (the `oidc-provider` package), standing in for a province's identity
// provider. Started by the pytest fixture `oidc_provider` (tiepdan.kit.browser); not for production.
//
// Configuration: one JSON object in the environment variable OIDC_PROVIDER_CONFIG:
//   { "clients":  [{ "client_id", "client_secret", "redirect_uris": [...] }],
//     "accounts": { "<login>": { "<claim>": value, ... } },      // the login is the subject
//     "claims":   { "<scope>": ["<claim>", ...] } }               // which scope releases which claim
// It listens on 127.0.0.1 at a port the system chooses and prints one line on stdout once it serves:
//   {"issuer": "http://127.0.0.1:PORT"}
// Sign-in goes through the package's development interactions: a login form (fields `login`, `password`; the
// password is not checked; a login that is not an account gets the login form again) and a consent form.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { promisify } from 'node:util';

// The signing key is made while the provider's modules load: both take a fair part of a second.
const [{ default: Provider, interactionPolicy }, { privateKey }] = await Promise.all([
  import('oidc-provider'),
  promisify(generateKeyPair)('rsa', { modulusLength: 2048 }),
]);

const config = JSON.parse(process.env.OIDC_PROVIDER_CONFIG ?? '{}');
const accounts = config.accounts ?? {};

const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

const { Check, base } = interactionPolicy;
const policy = base();
policy.get('login').checks.add(new Check('unknown_account', 'the login is not an account of this provider', (ctx) => (
  Object.hasOwn(accounts, ctx.oidc.session.accountId ?? '') ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT
)));

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: (config.clients ?? []).map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], ...(config.claims ?? {}) },
    // Claims released by the granted scopes go into the ID token too, as the usual identity providers do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    interactions: { policy },
    async findAccount(_ctx, sub) {
      if (!Object.hasOwn(accounts, sub)) {
        return undefined;
      }
      return { accountId: sub, claims: async () => ({ ...accounts[sub], sub }) };
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

// The fixture ends the provider with SIGTERM; exit at once rather than wait for kept-alive browser connections.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
