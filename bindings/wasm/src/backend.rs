//! The WebAssembly half of the JavaScript Web Crypto engine (`js/streams.js`): the core plans each
//! batch (counter block, chunk ranges, CBC-MAC padding), collects the chunk MACs Web Crypto
//! computed, folds and checks them. JavaScript runs plain AES-CTR and AES-CBC and keeps no MEGA
//! rule; the raw content key leaves WebAssembly once, for `crypto.subtle.importKey` of a
//! non-extractable key.

use crate::bindgen::*;
use megacrypt::file;
use megacrypt_foreign::arg;
use megacrypt_foreign::planned::PlannedTransfer;

use crate::error::{JsResult, js};
use crate::keys::{ContentKey, FileKey};

/// The work of one batch: AES-CTR over the whole batch from `counterBlock` (counting over the low
/// 64 bits), and per chunk the CBC-MAC of its zero-padded plaintext.
#[wasm_bindgen]
pub struct BatchPlan(file::BatchPlan);

#[wasm_bindgen]
impl BatchPlan {
    /// The AES-CTR counter block of the batch's first byte.
    #[wasm_bindgen(getter, js_name = counterBlock)]
    pub fn counter_block(&self) -> Vec<u8> {
        self.0.counter_block().to_vec()
    }
    /// Four numbers per chunk, in file order: the chunk's index, its start and end in the batch,
    /// and its length padded to whole AES blocks (its MAC is the last block of the AES-CBC
    /// encryption of the zero-padded chunk).
    #[wasm_bindgen(getter)]
    pub fn chunks(&self) -> Vec<u32> {
        self.0
            .chunks()
            .iter()
            .flat_map(|c| {
                [
                    c.index,
                    arg::len_u32(c.start),
                    arg::len_u32(c.end),
                    arg::len_u32(c.padded_len),
                ]
            })
            .collect()
    }
}

/// How much of `available` pending bytes at the chunk boundary `offset` to process as the next
/// batch of about `batchSize` bytes (whole chunks; 0 if fewer than `batchSize` bytes are pending).
/// `batchSize` must be at least one full chunk (1 MiB).
#[wasm_bindgen(js_name = batchLength)]
pub fn batch_length(offset: f64, available: f64, batch_size: f64) -> JsResult<f64> {
    let to_usize = |n: f64| -> JsResult<usize> {
        usize::try_from(js(arg::size(n))?)
            .map_err(|_| crate::error::to_js(megacrypt_foreign::error::misuse("batch too large")))
    };
    let len = js(file::batch_len(
        js(arg::size(offset))?,
        to_usize(available)?,
        to_usize(batch_size)?,
    ))?;
    Ok(len as f64)
}

macro_rules! planner_methods {
    ($name:ident) => {
        #[wasm_bindgen]
        impl $name {
            /// The raw content key, once, for `crypto.subtle.importKey` of a non-extractable key
            /// (a second call throws `ApiMisuse`). Zero the array after the import.
            #[wasm_bindgen(js_name = exportKeyForImport)]
            pub fn export_key_for_import(&mut self) -> JsResult<Vec<u8>> {
                js(self.transfer.export_key_for_import())
            }
            /// The IV of every chunk CBC-MAC.
            #[wasm_bindgen(js_name = cbcMacIv)]
            pub fn cbc_mac_iv(&self) -> Vec<u8> {
                self.transfer.cbc_mac_iv().to_vec()
            }
            /// Bytes planned so far.
            #[wasm_bindgen(getter, js_name = bytesPlanned)]
            pub fn bytes_planned(&self) -> f64 {
                arg::size_to_js(self.transfer.bytes_planned())
            }
            /// The plan of the next `length` bytes.
            pub fn plan(&mut self, length: u32) -> JsResult<BatchPlan> {
                js(self.transfer.plan(arg::len_usize(length))).map(BatchPlan)
            }
            /// Records the 16-byte MAC computed for chunk `index`.
            #[wasm_bindgen(js_name = addMac)]
            pub fn add_mac(&mut self, index: u32, mac: &[u8]) -> JsResult<()> {
                js(self.transfer.add_mac(index, mac))
            }
        }
    };
}

/// An upload whose AES work runs in Web Crypto, following the core's plans.
#[wasm_bindgen]
pub struct PlannedUpload {
    transfer: PlannedTransfer,
}

#[wasm_bindgen]
impl PlannedUpload {
    /// An upload under a fresh random content key and nonce.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsResult<PlannedUpload> {
        js(PlannedTransfer::upload()).map(|transfer| PlannedUpload { transfer })
    }
    /// An upload under a given content key (known-answer tests).
    #[wasm_bindgen(js_name = withKey)]
    pub fn with_key(content_key: &ContentKey) -> PlannedUpload {
        PlannedUpload {
            transfer: PlannedTransfer::with_key(content_key.0.clone()),
        }
    }
    /// Folds the chunk MACs: the file key. Consumes the upload.
    pub fn finish(self) -> JsResult<FileKey> {
        js(self.transfer.finish_upload()).map(FileKey)
    }
}

planner_methods!(PlannedUpload);

/// A download whose AES work runs in Web Crypto, following the core's plans.
#[wasm_bindgen]
pub struct PlannedDownload {
    transfer: PlannedTransfer,
    key: megacrypt::FileKey,
    expected_size: Option<u64>,
}

#[wasm_bindgen]
impl PlannedDownload {
    /// A download of the file with this key; `expectedSize`, if given, is checked at the end.
    #[wasm_bindgen(constructor)]
    pub fn new(key: &FileKey, expected_size: Option<f64>) -> JsResult<PlannedDownload> {
        Ok(PlannedDownload {
            transfer: PlannedTransfer::with_key(key.0.content_key().clone()),
            key: key.0.clone(),
            expected_size: expected_size.map(|n| js(arg::size(n))).transpose()?,
        })
    }
    /// Checks the size (`SizeMismatch`) and the meta-MAC (`MacMismatch`); the verified size.
    /// Consumes the download.
    pub fn finish(self) -> JsResult<f64> {
        let size = js(self.transfer.finish_download(&self.key, self.expected_size))?;
        Ok(arg::size_to_js(size))
    }
}

planner_methods!(PlannedDownload);
