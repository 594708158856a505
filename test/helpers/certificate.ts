import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A throwaway self-signed certificate made with openssl in `dir`, valid for a day or two: `commonName`
 * is its subject, `altName` its subjectAltName (such as `DNS:internal.test` or `IP:127.0.0.1`), and
 * its key P-256 unless `rsa` (SNS signs with RSA).
 */
export async function selfSignedCertificate(
  dir: string,
  { commonName, altName, rsa = false }: { commonName: string; altName?: string; rsa?: boolean },
) {
  const keyFile = path.join(dir, `${commonName}.key`);
  const certFile = path.join(dir, `${commonName}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...(rsa ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']),
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      ...(altName ? ['-addext', `subjectAltName=${altName}`] : []),
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certFile, key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
}
