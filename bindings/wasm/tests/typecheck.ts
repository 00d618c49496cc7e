// Type-checked (tsc --noEmit, strict) against the installed package's declarations.
import * as mc from 'megacrypt';
import { CryptoError, type CryptoErrorCode, type FileKey } from 'megacrypt';

async function main(): Promise<void> {
  const key: mc.MasterKey = mc.MasterKey.generate();
  const b64: string = key.exportB64();
  const same: boolean = mc.MasterKey.fromB64(b64).equals(key);
  const bytes: Uint8Array = mc.base64Decode(mc.base64Encode(new Uint8Array([1, 2, 3])));
  const words: Uint32Array = mc.bytesToA32(bytes);

  const { ciphertext, key: fk } = await mc.encryptBytes(new Uint8Array(10), { engine: 'webcrypto', batchSize: 1 << 20 });
  const plain: Uint8Array = await mc.decryptBytes(ciphertext, fk, { size: 10, engine: 'auto' });
  const engine: 'native' | 'wasm' = mc.activeEngine();
  const why: string | undefined = mc.nativeUnavailableReason();
  await mc.encryptBytes(new Uint8Array(1), { engine: 'core' });
  void engine;
  void why;
  const s = mc.encryptStream(new Blob([plain.slice()]));
  const rs: ReadableStream<Uint8Array> = s.readable;
  const k: FileKey = await s.key;
  const ds: ReadableStream<Uint8Array> = mc.decryptStream(rs, k);
  const t = mc.createEncryptStream({ key: new Uint8Array(16), nonce: new Uint8Array(8) });
  const piped: ReadableStream<Uint8Array> = rs.pipeThrough(t.stream);
  const ts: TransformStream<Uint8Array, Uint8Array> = mc.createDecryptStream(await t.key);

  const enc = new mc.FileEncryptor();
  enc.encryptInPlace(new Uint8Array(5));
  const state: mc.TransferState = enc.exportState(false);
  const offset: number = state.resumeOffset;
  const fileKey: mc.FileKey = enc.finish();
  const dec = new mc.FileDecryptor(fileKey);
  const verifiedSize: number = dec.finish();

  const layout = new mc.ChunkLayout(1 << 20);
  const chunk: mc.Chunk | undefined = layout.chunkAt(5);
  const acc = new mc.MetaMacAccumulator(mc.AesKey.generate(), 1 << 20);
  if (chunk) acc.insert(chunk, new Uint8Array(16));
  const cc = mc.ChunkCipher.fromFileKey(fileKey);
  const macs: Uint8Array = cc.encryptChunks(layout, 0, new Uint8Array(1 << 20));

  try {
    mc.base64Decode('!');
  } catch (e) {
    if (e instanceof CryptoError) {
      const code: CryptoErrorCode = e.code;
      void code;
    }
  }
  const codes: readonly CryptoErrorCode[] = mc.ERROR_CODES;

  const pk: mc.PasswordKey = mc.prepareKeyV1('pw');
  const uh: Uint8Array = mc.userHashV1('a@b.c', pk, 'sdk');
  const v2: mc.V2Keys = mc.deriveV2('pw', new Uint8Array(32));
  const mk2: mc.MasterKey = mc.decryptMasterKey(v2.passwordKey, new Uint8Array(16));
  const link: mc.PublicLink | mc.ProtectedLink | mc.CollectionLink = mc.parseLink('https://mega.nz/file/abcdefgh#x');
  if (link instanceof mc.CollectionLink) {
    const setKey: mc.SetKey = link.setKey();
    void [setKey, link.publicHandle, link.toUrl()];
  }
  if (link instanceof mc.PublicLink) {
    const fkey: mc.FileKey | undefined = link.fileKey;
    const url: string = link.toUrl();
    const prot: mc.ProtectedLink = mc.ProtectedLink.protect(link, 'pw');
    void [fkey, url, prot.open('pw').kind];
  }
  const attrs: mc.NodeAttributes = mc.openNodeAttributes(fileKey.aesKey(), mc.sealNodeAttributes(fileKey.aesKey(), mc.NodeAttributes.withName('x')));
  const name: string | undefined = attrs.name;
  const sk: mc.RsaPrivateKey = mc.RsaPrivateKey.fromEncryptedPrivk('', mk2);
  const sid: string = sk.decryptSessionId('', 'AAAAAAAAAAA').exportB64();
  const recs = new mc.TlvRecords();
  recs.insert('k', new Uint8Array(1));
  const feed: number = mc.preferredFeedLength();
  const blob: Uint8Array = mc.sealContainer(mc.AesKey.generate(), recs);
  const hc: mc.HashcashChallenge = mc.HashcashChallenge.parse('1:1:1:x');
  void [uh, name, sid, blob, feed, hc.response(hc.solve())];
  void [same, words, ds, ts, offset, verifiedSize, macs, codes, piped];
}
void main;
