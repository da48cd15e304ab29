// A real OpenID provider for palg's single sign-on tests: panva's oidc-provider with its
// development sign-in pages (any login and password; the login is taken as the email).
//
// Environment: PORT; CLIENT_ID and CLIENT_SECRET; REDIRECT_URIS and POST_LOGOUT_REDIRECT_URIS
// (comma-separated, matched exactly). Logins containing "+unverified" get email_verified false;
// logins containing "+entra" get no email_verified but Entra ID's xms_edov (domain owner
// verified) true, as Microsoft Entra ID sends for organisational accounts.
//
// Test hooks, under /_test/ (not part of OpenID Connect):
//   GET  /_test/seen           every authorisation and end-session request's parameters, as JSON
//   POST /_test/mode?set=NAME  "honest" (default); "tamper" changes the ID token's email after
//                              signing it; "wrong-key" publishes a different key under the
//                              signing key's id. Forgets what it has seen.
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const list = (name) => (process.env[name] || '').split(',').filter(Boolean);

const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'palg-test-key';
const privateJwk = { ...signing.privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
const impostorJwk = { ...impostor.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };

const seen = [];
let mode = 'honest';

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: list('REDIRECT_URIS'),
    post_logout_redirect_uris: list('POST_LOGOUT_REDIRECT_URIS'),
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [privateJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const email = id.replace('+unverified', '').replace('+entra', '');
        const name = email.split('@')[0];
        const verified = id.includes('+entra')
          ? { xms_edov: true }
          : { email_verified: !id.includes('+unverified') };
        return { email, name: name.charAt(0).toUpperCase() + name.slice(1), ...verified };
      },
    };
  },
  // Consent is taken as given (palg's users consent to their own organisation's sign-in).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

function tamper(idToken) {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  claims.email = 'intruder@acme.example';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/_test/seen') {
    ctx.body = seen;
    return;
  }
  if (ctx.path === '/_test/mode' && ctx.method === 'POST') {
    mode = ctx.query.set;
    seen.length = 0;
    ctx.body = { mode };
    return;
  }
  if (ctx.path === '/auth' || ctx.path === '/session/end') {
    seen.push({ path: ctx.path, ...ctx.query });
  }
  await next();
  if (ctx.path === '/token' && mode === 'tamper' && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token) };
  }
  if (ctx.path === '/jwks' && mode === 'wrong-key') {
    ctx.body = { keys: [impostorJwk] };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
