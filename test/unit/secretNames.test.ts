import * as assert from 'assert';
import { isSecretName, placeholderKind } from '../../rules/shared/secretNames';

describe('secret names', () => {
  it('match whole words and phrases', () => {
    for (const n of ['token', 'auth_token', 'jwt_secret', 'apiKey', 'API_KEY', 'DB_PASSWORD', 'private_key', 'session_id', 'db_key', 'refreshToken', 'QPC_AUTH_TOKEN', 'client_secret', 'csrf_token', 'password_hash'.replace('_hash', ''), 'SECRET_KEY_BASE', 'admin_password_new', 'TOKEN_SECRET_PROD']) {
      assert.ok(isSecretName(n), n);
    }
  });
  it('do not match look-alikes', () => {
    for (const n of ['tokenizer', 'token_count', 'credentials_generation', 'token_epoch', 'key_revision', 'password_counter', 'secretary', 'max_tokens', 'tokens_len', 'password_policy', 'token_type', 'cookie_path', 'secret_name', 'passage', 'keyboard', 'monkey', 'spinner', 'jwt_expiry', 'session_ttl',
      // a descriptor after the secret word: the name describes the secret, it does not hold it
      'SECRET_LEN_CLIENTS', 'COOKIE_NAME_HOST', 'token_endpoint_auth_method', 'access_token_alg', 'TOKEN_TTL_SECS', 'API_KEY_HEADER_LEGACY']) {
      assert.ok(!isSecretName(n), n);
    }
  });
  it('extend with configured names', () => {
    assert.ok(!isSecretName('license_key'));
    assert.ok(isSecretName('license_key', { extra: ['license_key'] }));
    assert.ok(isSecretName('user_pin_code'.replace('_code', ''), { extra: ['pin'] }));
  });
});

describe('placeholder values', () => {
  it('know the shipped "replace me" forms, not real values', () => {
    for (const v of ['changeme', 'change_me', 'replace-me', 'pleasereplacethiswithrandomstring', 'please_change_this', 'your_token_here', '<secret>', 'xxxx'])
      assert.strictEqual(placeholderKind(v), 'placeholder', v);
    for (const v of ['pleasant-Valley-42', 'k3y', 'replacement', 'Zq81-kd0Lp2-Vx7m'])
      assert.strictEqual(placeholderKind(v), undefined, v);
  });
});
