//! `std::io` adapters, built only on the public streaming API.

use std::io::{self, Read, Write};
use std::vec::Vec;

use crate::file::{FileDecryptor, FileEncryptor, FileVerified};
use crate::fingerprint::{SparseCrc, SparseCrcFromStream};
use crate::keys::FileKey;
use crate::parallelism::Parallelism;

/// Batch size of [`EncryptingWriter`]: large enough for the multi-lane MAC (16 MiB).
const WRITE_BATCH: usize = crate::file::PREFERRED_FEED_LEN;

/// Encrypts everything written to it into the inner writer. Call [`finish`](Self::finish) to flush
/// the last bytes and get the file key; dropping it without `finish` loses the key.
///
/// Built with [`with_fingerprint`](Self::with_fingerprint) it also computes the file's sparse CRC
/// (the `c` attribute's first part, see [`crate::fingerprint`]) from the same plaintext, so an
/// upload reads the file once.
pub struct EncryptingWriter<W: Write> {
    inner: W,
    enc: FileEncryptor,
    buf: Vec<u8>,
    fingerprint: Option<SparseCrcFromStream>,
}

impl<W: Write> EncryptingWriter<W> {
    /// Wraps `inner`, encrypting with `enc`.
    pub fn new(inner: W, enc: FileEncryptor) -> Self {
        EncryptingWriter {
            inner,
            enc,
            buf: Vec::new(),
            fingerprint: None,
        }
    }

    /// Wraps `inner`, encrypting with `enc` and computing the sparse CRC of a file of exactly
    /// `file_size` bytes; get it with [`finish_with_fingerprint`](Self::finish_with_fingerprint).
    /// Writing more than `file_size` bytes fails with `InvalidInput`.
    ///
    /// ```
    /// use std::io::Write;
    /// use megacrypt::file::{EncryptingWriter, FileEncryptor};
    /// use megacrypt::fingerprint::{FileFingerprint, SparseCrc};
    /// # use megacrypt::ContentKey;
    /// # let enc = FileEncryptor::with_key(ContentKey::from_bytes([3; 24])?);
    /// let data = vec![42u8; 100_000];
    /// let mut w = EncryptingWriter::with_fingerprint(Vec::new(), enc, data.len() as u64);
    /// w.write_all(&data)?;
    /// let (ciphertext, _file_key, crc) = w.finish_with_fingerprint()?;
    /// assert_eq!(crc, SparseCrc::compute(&data));
    /// let c = FileFingerprint::new(data.len() as u64, crc, 1_700_000_000).c_attribute();
    /// # assert_eq!(ciphertext.len(), data.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_fingerprint(inner: W, enc: FileEncryptor, file_size: u64) -> Self {
        EncryptingWriter {
            inner,
            enc,
            buf: Vec::new(),
            fingerprint: Some(SparseCrcFromStream::new(file_size)),
        }
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.enc.encrypt_in_place(&mut self.buf);
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Writes the remaining bytes and returns the inner writer and the file key.
    #[must_use = "the file key is the only way to decrypt the file"]
    pub fn finish(mut self) -> io::Result<(W, FileKey)> {
        self.flush_buf()?;
        self.inner.flush()?;
        let EncryptingWriter { inner, enc, .. } = self;
        Ok((inner, enc.finish()))
    }

    /// Like [`finish`](Self::finish), and also returns the sparse CRC. Fails with
    /// `InvalidInput` if the writer was not built by
    /// [`with_fingerprint`](Self::with_fingerprint), and with `InvalidData` if fewer bytes than
    /// the announced size were written (the ciphertext has been written out either way).
    #[must_use = "the file key is the only way to decrypt the file"]
    pub fn finish_with_fingerprint(mut self) -> io::Result<(W, FileKey, SparseCrc)> {
        let fingerprint = self.fingerprint.take().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "EncryptingWriter built without a fingerprint",
            )
        })?;
        let (inner, key) = self.finish()?;
        let crc = fingerprint
            .finish()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok((inner, key, crc))
    }
}

impl<W: Write> Write for EncryptingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(WRITE_BATCH);
        }
        let n = data.len().min(WRITE_BATCH - self.buf.len());
        let accepted = data.get(..n).unwrap_or_default();
        if let Some(f) = self.fingerprint.as_mut() {
            f.update(accepted)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
        self.buf.extend_from_slice(accepted);
        if self.buf.len() == WRITE_BATCH {
            self.flush_buf()?;
        }
        Ok(n)
    }
    /// Flushes the inner writer (buffered bytes are written once a batch is full or on `finish`).
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Decrypts everything read from the inner reader.
///
/// **Bytes returned by `read` are unverified** until the reader reaches the end: the read that
/// hits the end returns an `InvalidData` error if the MAC does not match. Use
/// [`into_verified`](Self::into_verified) to obtain the proof; do not publish the output before.
pub struct DecryptingReader<R: Read> {
    inner: R,
    dec: Option<FileDecryptor>,
    verified: Option<FileVerified>,
    expected_size: Option<u64>,
}

impl<R: Read> DecryptingReader<R> {
    /// Wraps `inner`, decrypting the file with `key`.
    pub fn new(inner: R, key: &FileKey) -> Self {
        DecryptingReader {
            inner,
            dec: Some(FileDecryptor::new(key)),
            verified: None,
            expected_size: None,
        }
    }

    /// Also checks at the end that exactly `size` bytes were read (truncation is `UnexpectedEof`).
    pub fn with_expected_size(inner: R, key: &FileKey, size: u64) -> Self {
        DecryptingReader {
            expected_size: Some(size),
            ..Self::new(inner, key)
        }
    }

    /// Where large reads are decrypted: [`Parallelism::ThreadPool`] spreads the chunks of one
    /// `read` over rayon's pool (feature `parallel`; the calling thread without it), as
    /// [`FileDecryptor::set_parallelism`] does. Same output either way; it pays off when the
    /// caller reads in large buffers (e.g. [`crate::file::PREFERRED_FEED_LEN`]).
    pub fn set_parallelism(&mut self, parallelism: Parallelism) {
        if let Some(dec) = self.dec.as_mut() {
            dec.set_parallelism(parallelism);
        }
    }

    /// The proof of verification, once the reader was read to the end and the MAC matched.
    pub fn into_verified(self) -> crate::Result<(R, FileVerified)> {
        match self.verified {
            Some(v) => Ok((self.inner, v)),
            None => Err(crate::Error::new(
                crate::ErrorKind::ApiMisuse,
                "reader not read to a verified end",
            )),
        }
    }
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        let Some(dec) = self.dec.as_mut() else {
            return match self.verified {
                Some(_) => Ok(0),
                None => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "file failed verification",
                )),
            };
        };
        let n = self.inner.read(out)?;
        if n > 0 {
            dec.decrypt_unverified_in_place(out.get_mut(..n).unwrap_or_default());
            return Ok(n);
        }
        let Some(dec) = self.dec.take() else {
            return Ok(0);
        };
        let r = match self.expected_size {
            Some(s) => dec.finish_with_size(s),
            None => dec.finish(),
        };
        self.verified = Some(r?);
        Ok(0)
    }
}
