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
// ---- Format v2 (FORMAT.md sections 16-20): origin key, padded origin-tagged batch, job tag, signed result.
const v2 = v.v2;
const hmac = async (key, data) => {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, data));
};
const hkdfKey = await crypto.subtle.importKey("raw", hex(user.messageIdKey), "HKDF", false, ["deriveBits"]);
const originKey = new Uint8Array(await crypto.subtle.deriveBits(
  { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8("pvault/v2/origin-key") }, hkdfKey, 256));
check(toHex(originKey) === v2.keys.user.originKey, "v2 origin key");

// Section 17: open a v2 batch as its owner: origin tag first, then the body, then the padding.
async function openBatchV2(e, expectedBatchId) {
  if (new TextDecoder().decode(e.slice(0, 3)) !== "PVB" || e[3] !== 2) throw new Error("not a v2 batch");
  const dv = new DataView(e.buffer, e.byteOffset, e.byteLength);
  const wl = dv.getUint16(40), hl = 42 + wl + 4, bl = dv.getUint32(42 + wl);
  if (e.length !== hl + bl + 32) throw new Error("length");
  const unsigned = e.slice(0, e.length - 32);
  if (!equal(await hmac(originKey, concat(label("pvault/v2/batch-origin"), unsigned)), e.slice(e.length - 32))) {
    throw new Error("origin tag");
  }
  if (toHex(e.slice(4, 36)) !== (userId + expectedBatchId).replaceAll("-", "")) throw new Error("ids");
  const k = await unwrap(e.slice(42, 42 + wl), user, concat(label("pvault/v1/batch-key/user"), e.slice(4, 20), e.slice(20, 36)));
  const plain = await gcmOpen(k, unsigned.slice(hl), e.slice(0, hl));
  const jl = new DataView(plain.buffer).getUint32(0);
  if (!plain.slice(4 + jl).every((b) => b === 0)) throw new Error("padding");
  return { key: k, count: dv.getUint32(36), body: JSON.parse(new TextDecoder().decode(plain.slice(4, 4 + jl))) };
}
const env2 = hex(v2.batch.envelope);
check(env2.length >= 16384 && (env2.length & (env2.length - 1)) === 0, "v2 batch length is a power of two >= 16 KiB");
const opened2 = await openBatchV2(env2, v2.batch.batchId);
check(toHex(opened2.key) === v2.batch.batchKey, "v2 batch key");
check(opened2.body.messages.length === opened2.count, "v2 batch message count");
opened2.body.messages.forEach((m, i) => check(m.id === v.messageIds[i].id && m.text === v.messageIds[i].text, "v2 batch message " + i));
const digest2 = await sha256(env2);
check(toHex(digest2) === v2.batch.digest, "v2 batch digest");

// Section 18: the v2 job document: the v1 wrap, and a job tag over the ids, the model and the batch digest.
const job2 = JSON.parse(v2.job.document);
check(job2.version === 2, "v2 job version");
const workerInfo2 = concat(label("pvault/v1/batch-key/worker"), uuid(job2.jobId), uuid(job2.userId), str16(job2.objectKey),
  str16(job2.model), await sha256(b64(job2.userPublicKey)));
check(equal(await unwrap(b64(job2.wrappedKey), worker, workerInfo2), opened2.key), "v2 job batch key");
const tagFor = (digest) => hmac(originKey, concat(label("pvault/v2/job-origin"), uuid(job2.jobId), uuid(userId),
  str16(job2.objectKey), str16(job2.model), digest));
check(equal(b64(job2.jobTag), await tagFor(digest2)), "v2 job tag");

// Section 19: the signed result record, checked against the pinned worker public key file.
const pin = v2.workerPublicKeys;
check(pin.type === "pvault-worker-public-keys" && pin.version === 2, "worker public key file type");
const pinned = new Map();
for (const k of pin.keys) {
  const raw = b64(k.signingPublicKey);
  check(toHex((await sha256(raw)).slice(0, 8)) === k.signingKeyId, "pinned signing key id");
  pinned.set(k.signingKeyId, await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]));
}
async function verifyRecord(r, jobId, objectKey, model) {
  if (r.length !== 194 || r[0] !== 2) throw new Error("layout");
  const wrapped = r.slice(1, 90), digest = r.slice(90, 122), signer = toHex(r.slice(122, 130));
  const key = pinned.get(signer);
  if (!key) throw new Error("signer not pinned");
  const tag = await hmac(originKey, concat(label("pvault/v2/job-origin"), uuid(jobId), uuid(userId), str16(objectKey),
    str16(model), digest));
  const statement = concat(label("pvault/v2/job-result"), uuid(jobId), uuid(userId), str16(objectKey), str16(model),
    digest, tag, wrapped, r.slice(122, 130));
  if (!(await crypto.subtle.verify({ name: "Ed25519" }, key, r.slice(130), statement))) throw new Error("signature");
  return { digest, resultKey: await unwrap(wrapped, user, concat(label("pvault/v1/result-key/user"), uuid(userId), uuid(jobId))) };
}
const result2 = await verifyRecord(hex(v2.result.record), v2.result.jobId, job2.objectKey, job2.model);
check(toHex(result2.resultKey) === v2.result.resultKey, "v2 result key");
check(equal(result2.digest, digest2), "v2 result names the batch it embedded");
for (const entry of v2.result.vectors) {
  const sealed = hex(entry.sealed);
  const d = (sealed[1] << 8) | sealed[2];
  const aad = concat(label("pvault/v1/vector"), [1, ...u16(d)], uuid(userId), hex(entry.messageId), str16(entry.model));
  const floats = new Float32Array((await gcmOpen(result2.resultKey, sealed.slice(3), aad)).buffer, 0, d);
  check(floats.every((x, i) => x === Math.fround(entry.vector[i])), "v2 vector components");
}

// Section 21: every invalid v2 batch and record must be rejected (a v1 envelope counts: origin unproven).
for (const c of v2.invalid) {
  let accepted = false;
  try {
    if (c.kind === "batch") {
      await openBatchV2(hex(c.envelope), v2.batch.batchId);
    } else {
      await verifyRecord(hex(c.record), v2.result.jobId, job2.objectKey, job2.model);
    }
    accepted = true;
  } catch { /* rejected, as it should be */ }
  check(!accepted, "invalid v2 " + c.kind + " rejected: " + c.description);
}

console.log(`hpke-js ${JSON.parse(readFileSync(new URL("node_modules/@hpke/core/package.json", import.meta.url))).version}: ${checks} checks passed`);
