import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_PACKAGES, packageNames, pruneCache, rootfsPackages, tarballName } from './rootfs.js';

const names = suite('packageNames');
names('first alternative of each dependency, without version or arch qualifier', () => {
  assert.equal(packageNames('nodejs (>= 20), nginx-light | nginx (>= 1.22), python3:any, frr'), ['nodejs', 'nginx-light', 'python3', 'frr']);
  assert.equal(packageNames(''), []);
});
names.run();

const list = suite('rootfsPackages / tarballName');
list('the base and the package\'s dependencies, sorted, once each', () => {
  const p = rootfsPackages(['nodejs', 'frr', 'dnsmasq-base']);
  assert.equal(p, [...new Set([...BASE_PACKAGES, 'frr', 'dnsmasq-base'])].sort());
});
list('a new dependency gives a new tarball name; the same list the same name', () => {
  const a = tarballName(rootfsPackages(['frr']));
  assert.is(tarballName(rootfsPackages(['frr'])), a);
  assert.is.not(tarballName(rootfsPackages(['frr', 'wireguard-go'])), a);
  assert.match(a, /^trixie-[0-9a-f]{12}\.tar\.zst$/);
});
list.run();

const prune = suite('pruneCache');
prune('keeps the newest roots, deletes older ones, touches nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlt-rootfs-'));
  try {
    const names = ['trixie-aaaaaaaaaaaa.tar.zst', 'trixie-bbbbbbbbbbbb.tar.zst', 'trixie-cccccccccccc.tar.zst', 'notes.txt', 'trixie-x.tar.zst.123.partial.tar.zst'];
    names.forEach((n, i) => {
      writeFileSync(join(dir, n), '');
      utimesSync(join(dir, n), 1000 + i, 1000 + i);
    });
    assert.equal(pruneCache(dir, 2), [join(dir, 'trixie-aaaaaaaaaaaa.tar.zst')]);
    assert.equal(readdirSync(dir).sort(), names.slice(1).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
prune.run();
