/*
 * HTTPS options for webpack-dev-server (https://localhost:3000).
 *
 * Windows / macOS: office-addin-dev-certs creates the developer CA, installs and trusts it
 * (as the yo office template does) and returns { ca, cert, key }.
 *
 * Elsewhere (Linux): trusting the CA needs sudo and getHttpsServerOptions() throws, so we only
 * make sure the certificate files exist in ~/.office-addin-dev-certs (same files, same generator,
 * no sudo) and read them. The user trusts ca.crt in the browser; `npm start` prints how.
 */
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/* Same locations as office-addin-dev-certs/lib/defaults (evaluated lazily so HOME can be changed in tests). */
function certificatePaths() {
  const certificateDirectory = path.join(os.homedir(), ".office-addin-dev-certs");
  return {
    certificateDirectory,
    caCertificatePath: path.join(certificateDirectory, "ca.crt"),
    localhostCertificatePath: path.join(certificateDirectory, "localhost.crt"),
    localhostKeyPath: path.join(certificateDirectory, "localhost.key"),
  };
}

function usesOfficeTrustStore(platform = process.platform) {
  return platform === "win32" || platform === "darwin";
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Why the files on disk cannot be used (undefined when they can). */
function problemWithCertificates(paths, now = Date.now()) {
  const caPem = readIfExists(paths.caCertificatePath);
  const certPem = readIfExists(paths.localhostCertificatePath);
  const keyPem = readIfExists(paths.localhostKeyPath);
  const missing = [
    [caPem, paths.caCertificatePath],
    [certPem, paths.localhostCertificatePath],
    [keyPem, paths.localhostKeyPath],
  ]
    .filter(([pem]) => !pem)
    .map(([, file]) => path.basename(file));
  if (missing.length > 0) return `missing ${missing.join(", ")}`;
  try {
    const ca = new crypto.X509Certificate(caPem);
    const cert = new crypto.X509Certificate(certPem);
    const key = crypto.createPrivateKey(keyPem);
    if (Date.parse(cert.validTo) - now < ONE_DAY_MS)
      return `localhost certificate expires ${cert.validTo}`;
    if (Date.parse(ca.validTo) - now < ONE_DAY_MS) return `CA certificate expires ${ca.validTo}`;
    if (Date.parse(cert.validFrom) > now)
      return `localhost certificate not valid before ${cert.validFrom}`;
    if (!cert.checkHost("localhost")) return "localhost certificate is not for localhost";
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
      return "localhost certificate is not signed by ca.crt";
    if (!cert.checkPrivateKey(key)) return "localhost.key does not match localhost.crt";
  } catch (err) {
    return `unreadable (${err && err.message ? err.message : err})`;
  }
  return undefined;
}

async function ensureCertificateFiles(paths = certificatePaths()) {
  const problem = problemWithCertificates(paths);
  if (!problem) return { generated: false };
  const hadCa = fs.existsSync(paths.caCertificatePath);
  if (hadCa) {
    console.log(`[dev-certs] Regenerating developer certificates: ${problem}.`);
  }
  // generateCertificates() only writes when ca.crt is absent, so clear all three first.
  for (const file of [
    paths.caCertificatePath,
    paths.localhostCertificatePath,
    paths.localhostKeyPath,
  ]) {
    fs.rmSync(file, { force: true });
  }
  const { generateCertificates } = require("office-addin-dev-certs/lib/generate");
  await generateCertificates(
    paths.caCertificatePath,
    paths.localhostCertificatePath,
    paths.localhostKeyPath
  );
  fs.chmodSync(paths.localhostKeyPath, 0o600);
  const after = problemWithCertificates(paths);
  if (after) throw new Error(`[dev-certs] Generated certificates are unusable: ${after}`);
  if (hadCa) {
    console.log(
      `[dev-certs] A new CA was created: trust ${paths.caCertificatePath} in your browser again.`
    );
  }
  return { generated: true };
}

/** { key, cert, ca } for webpack-dev-server's `server: { type: "https", options }`. */
async function getHttpsOptions() {
  if (usesOfficeTrustStore()) {
    const devCerts = require("office-addin-dev-certs");
    return devCerts.getHttpsServerOptions();
  }
  const paths = certificatePaths();
  await ensureCertificateFiles(paths);
  return {
    key: fs.readFileSync(paths.localhostKeyPath),
    cert: fs.readFileSync(paths.localhostCertificatePath),
    ca: fs.readFileSync(paths.caCertificatePath),
  };
}

module.exports = {
  getHttpsOptions,
  ensureCertificateFiles,
  problemWithCertificates,
  certificatePaths,
  usesOfficeTrustStore,
  /** Path of the developer CA certificate to trust in the browser (~/.office-addin-dev-certs/ca.crt). */
  get caCertificatePath() {
    return certificatePaths().caCertificatePath;
  },
  get certificateDirectory() {
    return certificatePaths().certificateDirectory;
  },
};
