//! `megacrypt`: encrypt and decrypt files exactly as MEGA does, offline.
//!
//! ```text
//! megacrypt encrypt IN OUT                        fresh random key; prints what an upload needs besides
//!                                                 the bytes: the `c` fingerprint (with IN's mtime), the
//!                                                 encrypted node attributes (name and `c`), a link
//!                                                 template and, last, the node key
//! megacrypt encrypt --json IN OUT                 the same as one JSON object
//! megacrypt encrypt --key HEX --nonce HEX IN OUT  fixed key (tests)
//! megacrypt decrypt --key B64|LINK IN OUT         verifies the MAC; OUT appears only if it matches
//! megacrypt decrypt --fingerprint C ...           also checks the plaintext against a `c` attribute
//!                                                 and gives OUT the mtime it carries
//! ```
//!
//! Memory stays bounded (one 16 MiB buffer) whatever the file size. Exit status: 0 success,
//! 1 error (I/O, bad key, ...), 2 usage, 3 verification failure (the file was altered, truncated,
//! or the key is not this file's key).

use std::fs::{self, File};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use megacrypt::attributes::{self, NodeAttributes};
use megacrypt::file::{FileDecryptor, FileEncryptor};
use megacrypt::fingerprint::{FileFingerprint, SparseCrcFromStream};
use megacrypt::link::PublicLink;
use megacrypt::{AesKey, ErrorKind, FileKey, Nonce, Parallelism, base64};

/// Size of the one I/O buffer: 16 chunks of 1 MiB, so that two threads each run the engine with
/// its full eight MAC lanes.
const BUF_LEN: usize = 16 << 20;
/// Files at least this large get a progress bar when stderr is a terminal.
const PROGRESS_MIN: u64 = 64 << 20;

#[derive(Parser)]
#[command(
    name = "megacrypt",
    version,
    about = "Encrypt and decrypt files the way MEGA does (offline)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Encrypt IN into OUT with a fresh random key (or --key/--nonce) and print the node key.
    Encrypt {
        /// Fixed 16-byte content key in hex (testing only; requires --nonce).
        #[arg(long, requires = "nonce")]
        key: Option<String>,
        /// Fixed 8-byte nonce in hex (testing only; requires --key).
        #[arg(long, requires = "key")]
        nonce: Option<String>,
        /// The file name stored in the node attributes (default: IN's file name).
        #[arg(long, allow_hyphen_values = true)]
        name: Option<String>,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
        /// Do not use several threads.
        #[arg(long)]
        single_thread: bool,
        /// Plaintext input file.
        input: PathBuf,
        /// Ciphertext output file.
        output: PathBuf,
    },
    /// Decrypt IN into OUT and verify it; OUT is created only if the MAC matches.
    Decrypt {
        /// The file's node key in MEGA base64 (43 characters) or a mega.nz file link.
        /// MEGA base64 uses `-`, so one key in 64 starts with it: taken as a value, not an option.
        #[arg(long, allow_hyphen_values = true)]
        key: String,
        /// The node's `c` attribute: the plaintext must match its sparse CRC and size, and OUT
        /// gets the modification time it carries. May start with `-` (MEGA base64).
        #[arg(long, allow_hyphen_values = true)]
        fingerprint: Option<String>,
        /// Do not use several threads.
        #[arg(long)]
        single_thread: bool,
        /// Ciphertext input file.
        input: PathBuf,
        /// Plaintext output file.
        output: PathBuf,
    },
}

/// A failure with its exit status.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::new(1, format!("I/O error: {e}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Encrypt {
            key,
            nonce,
            name,
            json,
            single_thread,
            input,
            output,
        } => encrypt(
            key.as_deref(),
            nonce.as_deref(),
            EncryptOutput { name, json },
            !single_thread,
            &input,
            &output,
        ),
        Command::Decrypt {
            key,
            fingerprint,
            single_thread,
            input,
            output,
        } => decrypt(
            &key,
            fingerprint.as_deref(),
            !single_thread,
            &input,
            &output,
        ),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("megacrypt: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn parse_hex<const N: usize>(what: &str, s: &str) -> Result<[u8; N], Failure> {
    let v = hex::decode(s.trim()).map_err(|_| Failure::new(1, format!("--{what}: not hex")))?;
    v.try_into().map_err(|_| {
        Failure::new(
            1,
            format!("--{what}: expected {N} bytes ({} hex digits)", 2 * N),
        )
    })
}

/// What `encrypt` prints besides the node key.
struct EncryptOutput {
    /// File name for the node attributes; the input's file name when `None`.
    name: Option<String>,
    /// One JSON object instead of lines.
    json: bool,
}

fn encrypt(
    key: Option<&str>,
    nonce: Option<&str>,
    out: EncryptOutput,
    parallel: bool,
    input: &Path,
    output: &Path,
) -> Result<(), Failure> {
    let mut enc = match (key, nonce) {
        (Some(k), Some(n)) => {
            let k = AesKey::from_bytes(parse_hex::<16>("key", k)?)
                .map_err(|e| Failure::new(1, format!("--key: {e}")))?;
            let n = Nonce::from_bytes(parse_hex::<8>("nonce", n)?)
                .map_err(|e| Failure::new(1, format!("--nonce: {e}")))?;
            FileEncryptor::with_key(megacrypt::ContentKey::from_parts(k, n))
        }
        // Fresh key and nonce from the operating system's CSPRNG.
        _ => FileEncryptor::new(&mut getrandom::SysRng)
            .map_err(|e| Failure::new(1, format!("cannot draw a random key: {e}")))?,
    };
    enc.set_parallelism(parallelism(parallel));
    let mut src =
        File::open(input).map_err(|e| Failure::new(1, format!("{}: {e}", input.display())))?;
    let meta = src.metadata()?;
    let size = meta.len();
    let mtime = meta.modified().ok().map(unix_seconds);
    // The fingerprint's sparse CRC comes from the same pass as the encryption.
    let mut crc = Some(SparseCrcFromStream::new(size));
    let tmp = temp_path(output);
    let result = (|| {
        let mut dst =
            File::create(&tmp).map_err(|e| Failure::new(1, format!("{}: {e}", tmp.display())))?;
        let mut progress = Progress::new(size);
        pump(&mut src, &mut dst, &mut progress, |b| {
            // A file that grows while it is read has no fingerprint for its announced size.
            if crc.as_mut().is_some_and(|c| c.update(b).is_err()) {
                crc = None;
            }
            enc.encrypt_in_place(b)
        })?;
        progress.done();
        dst.sync_all()?;
        Ok::<_, Failure>(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, output)?;
    let written = enc.bytes_processed();
    let key = enc.finish();
    let b64 = key.to_b64();
    let fingerprint = match (crc.map(SparseCrcFromStream::finish), mtime) {
        (Some(Ok(crc)), Some(mtime)) => Some((FileFingerprint::new(written, crc, mtime), mtime)),
        _ => {
            eprintln!(
                "megacrypt: no fingerprint (the file changed while it was read, or has no mtime)"
            );
            None
        }
    };
    // The node attributes an upload sends (`a` in the `p` command): name and `c`, sealed under the
    // file's attribute key.
    let name = match out.name {
        Some(n) => n,
        None => input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Failure::new(1, "no file name in IN: give --name"))?,
    };
    let mut attrs = serde_json::Map::new();
    attrs.insert("n".into(), name.clone().into());
    if let Some((fp, _)) = &fingerprint {
        attrs.insert("c".into(), fp.c_attribute().into());
    }
    let attrs_json = serde_json::Value::Object(attrs).to_string();
    let sealed = NodeAttributes::from_json(&attrs_json)
        .and_then(|a| attributes::seal_node_attributes(key.aes_key(), &a))
        .map_err(|e| Failure::new(1, format!("node attributes: {e}")))?;
    let attrs_b64 = base64::encode(&sealed);
    let link = format!("https://mega.nz/file/<HANDLE>#{b64}");
    if out.json {
        let mut o = serde_json::Map::new();
        o.insert("output".into(), output.display().to_string().into());
        o.insert("size".into(), written.into());
        o.insert("name".into(), name.into());
        if let Some((fp, mtime)) = &fingerprint {
            o.insert("fingerprint".into(), fp.c_attribute().into());
            o.insert("mtime".into(), (*mtime).into());
        }
        o.insert("attributes".into(), attrs_b64.into());
        o.insert("link_template".into(), link.into());
        o.insert("node_key".into(), b64.into());
        println!("{}", serde_json::Value::Object(o));
        return Ok(());
    }
    println!("encrypted {written} bytes into {}", output.display());
    if let Some((fp, mtime)) = &fingerprint {
        println!(
            "fingerprint (c attribute, mtime {mtime}): {}",
            fp.c_attribute()
        );
    }
    println!("node attributes (a, name and c): {attrs_b64}");
    println!("link template: {link}");
    println!("{b64}");
    Ok(())
}

fn decrypt(
    key: &str,
    fingerprint: Option<&str>,
    parallel: bool,
    input: &Path,
    output: &Path,
) -> Result<(), Failure> {
    let key = parse_key(key)?;
    let expected = fingerprint
        .map(FileFingerprint::decode_c_attribute)
        .transpose()
        .map_err(|e| Failure::new(1, format!("--fingerprint: not a c attribute: {e}")))?;
    let mut src =
        File::open(input).map_err(|e| Failure::new(1, format!("{}: {e}", input.display())))?;
    let meta = src.metadata()?;
    let size = meta.len();
    // The size check (truncation vs tampering) needs a known size: regular files only.
    let expected_size = meta.is_file().then_some(size);
    let mut dec = FileDecryptor::new(&key);
    dec.set_parallelism(parallelism(parallel));
    // Unverified plaintext goes to a temporary name; it is renamed into place only after the MAC
    // matched, and deleted otherwise.
    let tmp = temp_path(output);
    let result = (|| {
        let mut dst =
            File::create(&tmp).map_err(|e| Failure::new(1, format!("{}: {e}", tmp.display())))?;
        let mut progress = Progress::new(size);
        // The plaintext's sparse CRC, from the same pass, when a fingerprint is to be checked.
        let mut crc = expected.as_ref().map(|_| SparseCrcFromStream::new(size));
        let mut crc_failed = false;
        pump(&mut src, &mut dst, &mut progress, |b| {
            dec.decrypt_unverified_in_place(b);
            if crc.as_mut().is_some_and(|c| c.update(b).is_err()) {
                crc_failed = true;
            }
        })?;
        progress.done();
        let written = dec.bytes_processed();
        let verdict = match expected_size {
            Some(s) => dec.finish_with_size(s),
            None => dec.finish(),
        };
        match verdict {
            Ok(_verified) => {}
            Err(e) if e.kind() == ErrorKind::MacMismatch => {
                return Err(Failure::new(
                    3,
                    "verification failed: the file was altered or this is not its key (no output written)",
                ));
            }
            Err(e) if e.kind() == ErrorKind::SizeMismatch => {
                return Err(Failure::new(
                    3,
                    format!("verification failed: {e} (no output written)"),
                ));
            }
            Err(e) => return Err(Failure::new(3, format!("verification failed: {e}"))),
        }
        if let (Some((want_crc, mtime)), Some(crc)) = (&expected, crc) {
            let got = crc.finish().ok().filter(|_| !crc_failed);
            if got.as_ref() != Some(want_crc) {
                return Err(Failure::new(
                    3,
                    "fingerprint mismatch: the content is authentic but is not the file the c attribute describes (no output written)",
                ));
            }
            dst.set_modified(system_time(*mtime))?;
        }
        dst.sync_all()?;
        Ok::<_, Failure>(written)
    })();
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    fs::rename(&tmp, output)?;
    println!(
        "decrypted and verified {written} bytes into {}",
        output.display()
    );
    if let Some((_, mtime)) = expected {
        println!("fingerprint matches; mtime set to {mtime}");
    }
    Ok(())
}

/// A node key in MEGA base64, or a file link carrying one.
fn parse_key(s: &str) -> Result<FileKey, Failure> {
    let s = s.trim();
    if s.contains('#') || s.contains("://") || s.contains('/') {
        let link: PublicLink = s
            .parse()
            .map_err(|e| Failure::new(1, format!("--key: not a MEGA link: {e}")))?;
        return link
            .file_key()
            .cloned()
            .ok_or_else(|| Failure::new(1, "--key: the link is not a file link with a key"));
    }
    FileKey::from_b64(s)
        .map_err(|e| Failure::new(1, format!("--key: not a 43-character MEGA file key: {e}")))
}

/// `--threads`: rayon's pool when built with the `parallel` feature (the calling thread otherwise).
fn parallelism(threads: bool) -> Parallelism {
    if threads {
        Parallelism::ThreadPool
    } else {
        Parallelism::CallingThread
    }
}

/// `dir/.name.megacrypt-partial-<pid>`, next to the output so the final rename is atomic.
fn temp_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    output.with_file_name(format!(".{name}.megacrypt-partial-{}", std::process::id()))
}

/// Reads `src` in full buffers, transforms each in place and writes it to `dst`.
/// Seconds since the Unix epoch, negative before it (the SDK's signed `m_time_t`).
fn unix_seconds(t: std::time::SystemTime) -> i64 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The inverse of [`unix_seconds`].
fn system_time(secs: i64) -> std::time::SystemTime {
    let d = std::time::Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        std::time::UNIX_EPOCH + d
    } else {
        std::time::UNIX_EPOCH - d
    }
}

fn pump(
    src: &mut File,
    dst: &mut File,
    progress: &mut Progress,
    mut f: impl FnMut(&mut [u8]),
) -> Result<(), Failure> {
    let mut buf = vec![0u8; BUF_LEN];
    loop {
        let mut filled = 0;
        while filled < buf.len() {
            let Some(space) = buf.get_mut(filled..) else {
                break;
            };
            match src.read(space) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        if filled == 0 {
            return Ok(());
        }
        let Some(data) = buf.get_mut(..filled) else {
            return Ok(());
        };
        f(data);
        dst.write_all(data)?;
        progress.advance(filled as u64);
    }
}

/// A one-line progress bar on stderr, shown only on a terminal and for large files.
struct Progress {
    total: u64,
    done: u64,
    start: Instant,
    shown: bool,
    last: u64,
}

impl Progress {
    fn new(total: u64) -> Self {
        let shown = total >= PROGRESS_MIN && io::stderr().is_terminal();
        Progress {
            total,
            done: 0,
            start: Instant::now(),
            shown,
            last: u64::MAX,
        }
    }

    fn advance(&mut self, n: u64) {
        self.done += n;
        if !self.shown {
            return;
        }
        let pct = self.done * 100 / self.total.max(1);
        if pct == self.last {
            return;
        }
        self.last = pct;
        let width = 40;
        let filled = (pct as usize * width / 100).min(width);
        let secs = self.start.elapsed().as_secs_f64().max(1e-6);
        let rate = self.done as f64 / secs / 1e6;
        eprint!(
            "\r[{}{}] {pct:3}% {rate:8.0} MB/s",
            "#".repeat(filled),
            ".".repeat(width - filled)
        );
    }

    fn done(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}
