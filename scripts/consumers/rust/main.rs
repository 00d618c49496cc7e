//! The Rust consumer of the packaged crate (scripts/test-packages.sh copies this file into a new
//! cargo project whose only megacrypt dependency is the unpacked `.crate` from dist/). It runs the
//! README's Rust quickstart (extracted into readme_quickstart.rs by test-packages.sh), then does
//! the main job with real files: encrypt a file on disk, make its link, parse the link as the
//! recipient would, decrypt and verify, and check that a flipped ciphertext bit is refused.
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

use megacrypt::NodeHandle;
use megacrypt::file::{DecryptingReader, EncryptingWriter, FileEncryptor};
use megacrypt::link::PublicLink;

mod readme_quickstart;

fn decrypt_from_link(url: &str, path: &PathBuf, size: u64) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let link: PublicLink = url.parse()?;
    let key = link.file_key().ok_or("not a file link")?;
    let mut reader = DecryptingReader::with_expected_size(File::open(path)?, key, size);
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain)?;
    let (_file, verified) = reader.into_verified()?;
    if verified.len() != size {
        return Err("verified length differs".into());
    }
    Ok(plain)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    readme_quickstart::run()?;
    println!("readme quickstart: ok");

    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: consumer <work dir>")?);
    // 3 MiB + 7 bytes: several MEGA chunks and a partial last block.
    let data: Vec<u8> = (0u32..3 * 1024 * 1024 + 7).map(|i| (i.wrapping_mul(31) % 251) as u8).collect();
    let plain_path = dir.join("plain.bin");
    let enc_path = dir.join("plain.bin.enc");
    std::fs::write(&plain_path, &data)?;

    // Upload side: stream the file through the encryptor into the ciphertext file.
    let mut rng = getrandom::SysRng;
    let mut writer = EncryptingWriter::new(BufWriter::new(File::create(&enc_path)?), FileEncryptor::new(&mut rng)?);
    std::io::copy(&mut File::open(&plain_path)?, &mut writer)?;
    let (mut out, key) = writer.finish()?;
    out.flush()?;
    drop(out);
    let ciphertext = std::fs::read(&enc_path)?;
    assert_eq!(ciphertext.len(), data.len());
    assert_ne!(ciphertext, data);

    // The public link carries the file key; the recipient needs nothing else.
    let url = PublicLink::file(NodeHandle::from_b64("xUIkknuH")?, key).to_url();
    assert!(url.starts_with("https://mega.nz/file/xUIkknuH#"));
    assert_eq!(decrypt_from_link(&url, &enc_path, data.len() as u64)?, data);
    println!("file round trip through the link: ok ({} bytes)", data.len());

    // One flipped ciphertext bit: the reader refuses at the end, and gives no verification.
    let mut tampered = ciphertext;
    tampered[1_000_000] ^= 1;
    std::fs::write(&enc_path, &tampered)?;
    assert!(decrypt_from_link(&url, &enc_path, data.len() as u64).is_err());
    println!("tampered file refused: ok");
    Ok(())
}
