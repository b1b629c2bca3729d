import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { auditSigningKey, signingKeyFile } from './signing-key.js';

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-key-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const dataDir = () => path.join(dir, 'data');
  const file = () => path.join(dataDir(), signingKeyFile);

  it('uses AUDIT_SIGNING_KEY when it is set and writes no file', async () => {
    const key = await auditSigningKey(loadConfig({ DATA_DIR: dataDir(), AUDIT_SIGNING_KEY: 'a-configured-signing-key' }));
    expect(key).toBe('a-configured-signing-key');
    expect(fs.existsSync(file())).toBe(false);
  });

  it('generates a random key into an owner-only file once and reuses it afterwards', async () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    const first = await auditSigningKey(config);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(await auditSigningKey(config)).toBe(first);
    expect(fs.readdirSync(dataDir())).toEqual([signingKeyFile]);
  });

  it('agrees on one key when several callers race to create it', async () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    const keys = await Promise.all(Array.from({ length: 8 }, () => auditSigningKey(config)));
    expect(new Set(keys).size).toBe(1);
    expect(fs.readFileSync(file(), 'utf8').trim()).toBe(keys[0]);
  });

  it('tightens a key file that others can read', async () => {
    fs.mkdirSync(dataDir());
    fs.writeFileSync(file(), `${'k'.repeat(64)}\n`, { mode: 0o644 });
    fs.chmodSync(file(), 0o644);
    expect(await auditSigningKey(loadConfig({ DATA_DIR: dataDir() }))).toBe('k'.repeat(64));
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('refuses a key file that holds no usable key rather than signing with it', async () => {
    fs.mkdirSync(dataDir());
    fs.writeFileSync(file(), 'short\n', { mode: 0o600 });
    await expect(auditSigningKey(loadConfig({ DATA_DIR: dataDir() }))).rejects.toThrow(/no usable key/);
  });
});
