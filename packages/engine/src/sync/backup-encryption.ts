import { lstatSync, readlinkSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_AGE_IDENTITY_ENV, UserError, type GitopsSyncConfig } from '@gitops-sync/core';
import { readInputFile } from '../files.js';

/** Backups are age-encrypted files named `<name>.age`; only those are kept as CI artifacts. */
export const ENCRYPTED_SUFFIX = '.age';

/** Where backups stay when they are not encrypted: the step line a sync or rollback prints. */
export const PLAINTEXT_BACKUP_NOTE =
  'the backup is not encrypted, so it stays on this runner only (owner-only, never uploaded); set sync.backup_encryption.recipients to keep an age-encrypted copy as an artifact';

/** The recipients backups are encrypted to; empty when the config sets none. */
export const backupRecipients = (config: GitopsSyncConfig): string[] => config.sync.backup_encryption?.recipients ?? [];

/** The environment variable holding the age identity that decrypts a backup. */
export const identityEnvOf = (config: GitopsSyncConfig): string => config.sync.backup_encryption?.identity_env ?? DEFAULT_AGE_IDENTITY_ENV;

export const isEncryptedBackup = (path: string): boolean => path.endsWith(ENCRYPTED_SUFFIX);

/** Whether `path` is a symbolic link; anything else (missing, a file in the way) is for writing the backup to say. */
function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * `<backups_dir>/<environment>`, absolute. A folder named `*.age` is refused: the artifact pattern
 * `backups/**\/*.age` matches the folder and so uploads everything in it, plaintext backups too.
 */
export function backupFolder(baseDir: string, config: GitopsSyncConfig, environment: string): string {
  const folder = `${config.sync.backups_dir}/${environment}`;
  if (folder.split(/[\\/]/).some((part) => part.endsWith(ENCRYPTED_SUFFIX))) {
    throw new UserError(
      `The backups of ${environment} would go to ${folder}, a folder whose name ends in ${ENCRYPTED_SUFFIX}, which the artifact pattern backups/**/*${ENCRYPTED_SUFFIX} uploads whole, plaintext included; rename the environment (or sync.backups_dir) so no folder ends in ${ENCRYPTED_SUFFIX}.`,
    );
  }
  // A link the checkout carries (backups/<env> -> leak.age) would move plaintext backups where that pattern uploads them.
  // An absolute backups_dir is outside the checkout, where a change cannot put a link.
  if (!isAbsolute(config.sync.backups_dir)) {
    const parts = folder.split(/[\\/]/);
    for (let count = 1; count <= parts.length; count++) {
      const path = parts.slice(0, count).join('/');
      if (!isSymbolicLink(resolve(baseDir, path))) continue;
      throw new UserError(
        `The backups of ${environment} would go to ${folder}, and ${path} is a symbolic link (to ${readlinkSync(resolve(baseDir, path))}), so they could land where the artifact pattern backups/**/*${ENCRYPTED_SUFFIX} uploads them; make ${path} a real folder (or set sync.backups_dir to an absolute path outside the checkout) and run again.`,
      );
    }
  }
  return resolve(baseDir, folder);
}

/** The content encrypted with age to every recipient (binary age format). */
export async function encryptBackup(content: Uint8Array | string, recipients: readonly string[]): Promise<Uint8Array> {
  // Loaded when needed: age-encryption takes ~0.15 s to load, which every other command would pay.
  const { Encrypter } = await import('age-encryption');
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(content);
}

export interface DecryptionKey {
  /** The age identity (AGE-SECRET-KEY-1…), from a CI secret; undefined when the variable is unset. */
  identity: string | undefined;
  /** The variable it comes from, to name in a message (never its value). */
  env: string;
}

/**
 * Reads an age-encrypted backup and decrypts it in memory. A missing or wrong identity is a
 * UserError naming the variable; the identity itself is never in a message.
 */
export async function decryptBackupFile(path: string, key: DecryptionKey, what = 'an age-encrypted backup'): Promise<Buffer> {
  if (!key.identity?.trim()) {
    throw new UserError(
      `${path} is encrypted with age and ${key.env} is not set; set it (a masked CI secret) to the age identity (AGE-SECRET-KEY-1…) of one of sync.backup_encryption.recipients and run the rollback again.`,
    );
  }
  // A regular file within the input limit, like any other input: a FIFO or /dev/zero named *.age must not hang the rollback.
  const encrypted = readInputFile(path, what);
  const { Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  try {
    // The secret may hold an age-keygen key file: `# created` and `# public key` comments above the key.
    for (const line of key.identity.split(/\r?\n/).map((text) => text.trim())) if (line && !line.startsWith('#')) decrypter.addIdentity(line);
    return Buffer.from(await decrypter.decrypt(encrypted));
  } catch {
    throw new UserError(
      `${path} could not be decrypted with the identity in ${key.env} (it is not an identity of the recipients the backup was encrypted to, or the file is damaged); set ${key.env} to the age identity of one of sync.backup_encryption.recipients.`,
    );
  }
}
