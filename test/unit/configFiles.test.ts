import * as assert from 'assert';
import { isAppConfigJsonPath, isAppConfigYamlPath, isPlaceholderPhrase } from '../../rules/shared/configFiles';

describe('shared/configFiles', () => {
  it('placeholder phrases, case-, separator- and leetspeak-insensitive', () => {
    for (const v of ['RanD0m STR1ng', 'change me please', 'put your secret here', '<generate one>', 'CHANGE_ME_PLEASE', 'a long random string',
      'replace with a real key', 'insert token here', 'your-secret-key-here', 'super secret key', 'must be changed', 'generate with openssl']) {
      assert.ok(isPlaceholderPhrase(v), v);
    }
  });
  it('real values are not phrases', () => {
    for (const v of ['k8J2mQ9x-Lw3pZr7', 'randomized-ZQ83kd0Lp2', 'correct horse battery staple 42', 'dGhpcyBpcyBhIGtleQ==', 'hunter2', 'prod', 'Tr0ub4dor&3x']) {
      assert.ok(!isPlaceholderPhrase(v), v);
    }
  });
  it('which YAML and JSON files are application config', () => {
    assert.ok(isAppConfigYamlPath('config.yaml'));
    assert.ok(isAppConfigYamlPath('deploy/settings.yml'));
    assert.ok(!isAppConfigYamlPath('.github/workflows/ci.yml'));
    assert.ok(!isAppConfigYamlPath('codecov.yml'));
    assert.ok(!isAppConfigYamlPath('.pre-commit-config.yaml'));
    assert.ok(isAppConfigJsonPath('config.hjson'));
    assert.ok(isAppConfigJsonPath('conf/app.json5'));
    assert.ok(isAppConfigJsonPath('config/settings.json'));
    assert.ok(!isAppConfigJsonPath('package.json'));
    assert.ok(!isAppConfigJsonPath('tsconfig.json'));
    assert.ok(!isAppConfigJsonPath('server/openapi.json'));
  });
});
