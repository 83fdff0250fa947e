// Opens every vector in docs/test-vectors.json with hpke-js and WebCrypto, recomputing every context from
// docs/FORMAT.md rather than reading it from the file: a check that a web client can be written from that
// page alone. Run: npm ci && node verify-test-vectors.mjs [path/to/test-vectors.json]
import { readFileSync } from "node:fs";
import { webcrypto as crypto } from "node:crypto";
import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";

const file = process.argv[2] ?? new URL("../../docs/test-vectors.json", import.meta.url);
const v = JSON.parse(readFileSync(file, "utf8"));
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b) => Buffer.from(b).toString("hex");
const b64 = (s) => Uint8Array.from(Buffer.from(s, "base64"));
const utf8 = (s) => new TextEncoder().encode(s);
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const label = (l) => concat(utf8(l), [0]);
const uuid = (u) => hex(u.replaceAll("-", ""));
const u16 = (n) => [(n >>> 8) & 0xff, n & 0xff];
const u32 = (n) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const str16 = (s) => concat(u16(utf8(s).length), utf8(s));
const str32 = (s) => concat(u32(utf8(s).length), utf8(s));
const sha256 = async (b) => new Uint8Array(await crypto.subtle.digest("SHA-256", b));
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

let checks = 0;
function check(condition, what) {
  if (!condition) throw new Error("FAILED: " + what);
  checks++;
}

async function gcmOpen(key, sealed, aad) {
  const k = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["decrypt"]);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: sealed.slice(0, 12), additionalData: aad, tagLength: 128 }, k, sealed.slice(12));
  return new Uint8Array(plain);
}

// Section 4: version || key id || enc || ct || tag, opened with RFC 9180 OpenBase and empty AAD.
async function unwrap(wrapped, keyPair, info) {
  check(wrapped.length === 89 && wrapped[0] === 1, "wrapped key layout");
  check(equal(wrapped.slice(1, 9), (await sha256(hex(keyPair.publicKey))).slice(0, 8)), "wrapped key id");
  const recipientKey = await suite.kem.importKey("raw", hex(keyPair.privateKey), false);
  const recipient = await suite.createRecipientContext({ recipientKey, enc: wrapped.slice(9, 41), info });
  return new Uint8Array(await recipient.open(wrapped.slice(41)));
}

const user = v.keys.user;
const worker = v.keys.worker;

// Section 9: message ids.
const idKey = await crypto.subtle.importKey("raw", hex(user.messageIdKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
for (const m of v.messageIds) {
  const input = concat(label("pvault/v1/message-id"), str32(m.chat), str32(m.time), str32(m.sender), str32(m.text), u32(m.position));
  const id = new Uint8Array(await crypto.subtle.sign("HMAC", idKey, input)).slice(0, 16);
  check(toHex(id) === m.id, "message id of " + JSON.stringify(m.text));
}

// Section 6: the sealed batch, opened with the user key.
const envelope = hex(v.batch.envelope);
const view = new DataView(envelope.buffer);
check(new TextDecoder().decode(envelope.slice(0, 3)) === "PVB" && envelope[3] === 1, "batch magic and version");
const userId = v.batch.userId, batchId = v.batch.batchId;
check(toHex(envelope.slice(4, 20)) === userId.replaceAll("-", ""), "batch user id");
const count = view.getUint32(36);
const wrappedLength = view.getUint16(40);
const bodyLength = view.getUint32(42 + wrappedLength);
const headerLength = 42 + wrappedLength + 4;
check(envelope.length === headerLength + bodyLength, "batch length");
const batchKey = await unwrap(envelope.slice(42, 42 + wrappedLength), user,
  concat(label("pvault/v1/batch-key/user"), uuid(userId), uuid(batchId)));
check(toHex(batchKey) === v.batch.batchKey, "batch key");
const body = JSON.parse(new TextDecoder().decode(await gcmOpen(batchKey, envelope.slice(headerLength), envelope.slice(0, headerLength))));
check(body.messages.length === count, "batch message count");
body.messages.forEach((m, i) => check(m.id === v.messageIds[i].id && m.text === v.messageIds[i].text, "batch message " + i));

// Section 7: the job document, its batch key unwrapped with the worker key.
const job = JSON.parse(v.job.document);
const workerInfo = concat(label("pvault/v1/batch-key/worker"), uuid(job.jobId), uuid(job.userId), str16(job.objectKey),
  str16(job.model), await sha256(b64(job.userPublicKey)));
check(equal(await unwrap(b64(job.wrappedKey), worker, workerInfo), batchKey), "job batch key");

// Section 8: the result key and the sealed vectors.
const resultKey = await unwrap(hex(v.result.wrappedKey), user,
  concat(label("pvault/v1/result-key/user"), uuid(userId), uuid(v.result.jobId)));
check(toHex(resultKey) === v.result.resultKey, "result key");
for (const entry of v.result.vectors) {
  const sealed = hex(entry.sealed);
  const d = (sealed[1] << 8) | sealed[2];
  check(sealed[0] === 1 && sealed.length === 31 + 4 * d, "vector layout");
  const aad = concat(label("pvault/v1/vector"), [1, ...u16(d)], uuid(userId), hex(entry.messageId), str16(entry.model));
  const plain = await gcmOpen(resultKey, sealed.slice(3), aad);
  const floats = new Float32Array(plain.buffer, plain.byteOffset, d);
  check(floats.every((x, i) => x === Math.fround(entry.vector[i])), "vector components");
}

// Section 10: the user key file, opened with the kek the vectors give (WebCrypto has no Argon2id).
const f = v.userKeyFile.file;
const keyFileAad = concat(label("pvault/v1/user-key"), [1], uuid(f.userId), b64(f.publicKey),
  u32(f.kdf.memoryKiB), u32(f.kdf.iterations), u32(f.kdf.parallelism), b64(f.kdf.salt));
const secrets = await gcmOpen(hex(v.userKeyFile.kek), b64(f.sealedSecrets), keyFileAad);
check(toHex(secrets.slice(0, 32)) === user.privateKey && toHex(secrets.slice(32)) === user.messageIdKey, "key file secrets");

// Section 13: the invalid batches must not open.
for (const c of v.invalid.filter((c) => c.kind === "batch")) {
  let opened = false;
  try {
    const e = hex(c.envelope);
    const dv = new DataView(e.buffer);
    const wl = dv.getUint16(40), bl = dv.getUint32(42 + wl), hl = 42 + wl + 4;
    if (e[3] === 1 && e.length === hl + bl && new TextDecoder().decode(e.slice(0, 3)) === "PVB") {
      const k = await unwrap(e.slice(42, 42 + wl), user, concat(label("pvault/v1/batch-key/user"), e.slice(4, 20), e.slice(20, 36)));
      await gcmOpen(k, e.slice(hl), e.slice(0, hl));
      opened = toHex(e.slice(4, 36)) === (userId + batchId).replaceAll("-", "");
    }
  } catch { /* rejected, as it should be */ }
  check(!opened, "invalid batch rejected: " + c.description);
}
console.log(`hpke-js ${JSON.parse(readFileSync(new URL("node_modules/@hpke/core/package.json", import.meta.url))).version}: ${checks} checks passed`);
