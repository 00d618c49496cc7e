//! area `cloudraid`: part sizes, recombination with any one part missing, and resumption, as
//! MEGA's SDK (`RaidBufferManager`) executed them. The parts themselves come from a reference
//! split (MEGA's servers split; clients only recombine): `core/tests/support/cloudraid_split.rs`,
//! the one the property tests, the fuzz harness and the benchmark use, checked here against the
//! SDK's part hashes.

use megacrypt::cloudraid::{self, PARTS, Recombiner};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Case, Tally, eq, ok};

#[path = "../support/cloudraid_split.rs"]
mod cloudraid_split;
use cloudraid_split::split;

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn hex_sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Recombines `[start, end)` without `unused`, feeding the parts in uneven pieces.
fn recombine(
    parts: &[Vec<u8>; PARTS],
    size: u64,
    start: u64,
    end: u64,
    unused: usize,
) -> Result<Vec<u8>, String> {
    let mut r = ok(
        "recombiner",
        Recombiner::with_range(size, start, end, unused),
    )?;
    let mut out = Vec::new();
    let ranges: Vec<Option<(u64, u64)>> = (0..PARTS).map(|p| r.part_range(p)).collect();
    let mut cursors: Vec<u64> = ranges.iter().map(|r| r.map_or(0, |(a, _)| a)).collect();
    loop {
        let mut progressed = false;
        for p in 0..PARTS {
            let Some((_, to)) = ranges[p] else { continue };
            let from = cursors[p];
            if from < to {
                let n = (to - from).min(37 + 11 * p as u64);
                ok(
                    "feed",
                    r.feed(p, &parts[p][from as usize..(from + n) as usize]),
                )?;
                cursors[p] += n;
                progressed = true;
            }
            r.drain_into(&mut out);
        }
        if !progressed {
            break;
        }
    }
    r.drain_into(&mut out);
    ok("finish", r.finish())?;
    Ok(out)
}

fn data_of(c: &Case, size: u64) -> Result<Vec<u8>, String> {
    if c.has("data_hex") {
        return c.hex("data_hex");
    }
    let seed = c.u64("data_seed")?;
    eq(
        "data_rule",
        &format!("byte[i] = (i * 7 + {seed}) % 251"),
        &c.str("data_rule")?.to_string(),
    )?;
    Ok((0..size).map(|i| ((i * 7 + seed) % 251) as u8).collect())
}

fn check(c: &Case) -> Result<(), String> {
    let size = c.u64("file_size")?;
    c.info(&["note"]);
    match c.str("kind")? {
        "part_sizes" => eq(
            "part_sizes",
            c.value("part_sizes")?,
            &serde_json::json!(cloudraid::part_sizes(size)),
        ),
        "split" => {
            let data = data_of(c, size)?;
            c.expect_hex("data_sha256", &Sha256::digest(&data))?;
            eq(
                "part_sizes",
                c.value("part_sizes")?,
                &serde_json::json!(cloudraid::part_sizes(size)),
            )?;
            let parts = split(&data);
            if c.has("parts_hex") {
                let want: Vec<String> = parts.iter().map(hex::encode).collect();
                eq("parts_hex", c.value("parts_hex")?, &serde_json::json!(want))?;
            }
            let shas: Vec<String> = parts.iter().map(|p| hex_sha(p)).collect();
            eq(
                "parts_sha256",
                c.value("parts_sha256")?,
                &serde_json::json!(shas),
            )?;
            let recombined = c.value("sdk_recombined_sha256")?;
            let recovered = c.value("sdk_recovered_part_sha256")?;
            for (label, unused) in [
                ("none", 0usize),
                ("0", 0),
                ("1", 1),
                ("2", 2),
                ("3", 3),
                ("4", 4),
                ("5", 5),
            ] {
                let out = recombine(&parts, size, 0, size, unused)?;
                eq(
                    &format!("recombined without {label}"),
                    &recombined[label].as_str(),
                    &Some(hex_sha(&out).as_str()),
                )?;
                if unused > 0 {
                    // The rebuilt part, taken back out of our output.
                    let again = split(&out);
                    eq(
                        &format!("recovered part {label}"),
                        &recovered[label].as_str(),
                        &Some(hex_sha(&again[unused]).as_str()),
                    )?;
                }
            }
            check_requests(c, size)
        }
        "resume" => {
            let data = data_of(c, size)?;
            let parts = split(&data);
            let (from, to) = (c.u64("resume_pos")?, c.u64("read_to_pos")?);
            let rp = cloudraid::resume_point(from);
            eq("part_start", &c.u64("part_start")?, &rp.part_start)?;
            eq("skipped_bytes", &c.u64("skipped_bytes")?, &rp.skipped_bytes)?;
            let want = c.value("sdk_output_sha256")?;
            for (label, unused) in [("none", 0usize), ("2", 2)] {
                let r = ok("recombiner", Recombiner::with_range(size, from, to, unused))?;
                for p in (0..PARTS).filter(|&p| p != unused) {
                    let (a, _) = r.part_range(p).ok_or("part range")?;
                    eq(
                        "part range start",
                        &rp.part_start.min(cloudraid::part_size(size, p)),
                        &a,
                    )?;
                }
                let out = recombine(&parts, size, from, to, unused)?;
                eq(
                    &format!("output without {label}"),
                    &want[label].as_str(),
                    &Some(hex_sha(&out).as_str()),
                )?;
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

/// `sdk_requests` lists, per missing part, the ranges the SDK asked for (`cP a-b`, `cP null a-b`
/// for the unused part). Where it is a list, each used part's single request must equal our part
/// range; the large case only records request counts (informational).
fn check_requests(c: &Case, size: u64) -> Result<(), String> {
    let req = c.value("sdk_requests")?;
    let Some(map) = req.as_object() else {
        return Err("sdk_requests is not an object".into());
    };
    for (label, list) in map {
        let Some(list) = list.as_array() else {
            continue; // request counts only
        };
        let unused: usize = if label == "none" {
            0
        } else {
            label.parse().map_err(|_| "label")?
        };
        let r = ok("recombiner", Recombiner::new(size, unused))?;
        for entry in list {
            let s = entry.as_str().ok_or("request")?;
            let mut words = s.split(' ');
            let part: usize = words
                .next()
                .and_then(|w| w.strip_prefix('c'))
                .and_then(|n| n.parse().ok())
                .ok_or("part")?;
            let rest: Vec<&str> = words.collect();
            if rest.first() == Some(&"null") {
                if label != "none" {
                    eq("unused part", &unused, &part)?;
                }
                continue;
            }
            let (a, b) = rest
                .first()
                .and_then(|r| r.split_once('-'))
                .ok_or("range")?;
            let want = (
                a.parse::<u64>().map_err(|_| "a")?,
                b.parse::<u64>().map_err(|_| "b")?,
            );
            if label == "none" && part == 0 {
                // With all six parts available the SDK also fetched parity; megacrypt needs five.
                eq("parity range", &(0, cloudraid::part_size(size, 0)), &want)?;
                continue;
            }
            eq(
                &format!("request {s} ({label})"),
                &Some(want),
                &r.part_range(part),
            )?;
        }
    }
    Ok(())
}
