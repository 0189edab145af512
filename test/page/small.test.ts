import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hostAllowed } from '../../page/host-check.js';
import { githubWeb, repoLinks } from '../../page/repo-links.js';

const links = suite('repoLinks');
links('each forge\'s file view at the commit and editor on the branch', () => {
  const at = { branch: 'main', commit: 'abc123' };
  assert.equal(repoLinks({ ...at, forge: { forge: 'github', url: 'https://api.github.com', repo: 'o/r' } })('routers/r1.yaml'),
    { path: 'routers/r1.yaml', view: 'https://github.com/o/r/blob/abc123/routers/r1.yaml', edit: 'https://github.com/o/r/edit/main/routers/r1.yaml' });
  assert.equal(repoLinks({ ...at, forge: { forge: 'gitea', url: 'https://codeberg.org/', repo: 'o/r' } })('network.yaml'),
    { path: 'network.yaml', view: 'https://codeberg.org/o/r/src/commit/abc123/network.yaml', edit: 'https://codeberg.org/o/r/_edit/main/network.yaml' });
  assert.equal(repoLinks({ ...at, forge: { forge: 'gitlab', url: 'https://gitlab.com', repo: 'g/sub/n' } })('services/web.yaml'),
    { path: 'services/web.yaml', view: 'https://gitlab.com/g/sub/n/-/blob/abc123/services/web.yaml', edit: 'https://gitlab.com/g/sub/n/-/edit/main/services/web.yaml' });
});
links('no forge, or a GitLab project given by number: the path alone', () => {
  assert.equal(repoLinks({ branch: 'main' })('network.yaml'), { path: 'network.yaml' });
  assert.equal(repoLinks({ branch: 'main', forge: { forge: 'gitlab', url: 'https://gitlab.com', repo: '1234' } })('network.yaml'), { path: 'network.yaml' });
});
links('GitHub Enterprise: the web host is the API URL without /api/v3', () => {
  assert.is(githubWeb('https://ghe.example.com/api/v3'), 'https://ghe.example.com');
  assert.is(githubWeb('https://api.github.com/'), 'https://github.com');
});
links.run();

const host = suite('hostAllowed (DNS rebinding)');
host('addresses and names under the network domain pass; other names do not', () => {
  for (const h of ['dlan.lan', 'DLAN.LAN.', 'router.r1.lan:9477', '10.1.0.1', '10.255.0.1:9477', '[fd00:1::1]', '[fd64:6c61:6e::1]:9477', 'localhost:8080', 'lan']) assert.ok(hostAllowed(h, 'lan'), h);
  for (const h of [undefined, '', 'evil.example', 'dlan.lan.evil.example', 'notlan', 'x.lan@evil']) assert.not.ok(hostAllowed(h, 'lan'), String(h));
});
host.run();
