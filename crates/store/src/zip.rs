//! The zip archive, the one archive format read and written: Letterboxd
//! ships its export as a zip (`letterboxd-NAME-2024-12-01-10-00-utc.zip`,
//! holding `ratings.csv`, `watched.csv`, `diary.csv` and more), and the
//! page keeps and offers a model it trained as one (the factor file's
//! folder). A small reader, enough for what the services write: the central directory found from the end record,
//! members stored or deflated (raw DEFLATE through `miniz_oxide`), each
//! member's CRC-32 checked, every size bounded before it is used; no
//! Zip64, no encryption, no multi-disk archives (refused, named).

/// Local file header, central directory header, end of central directory.
const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;

/// Whether `bytes` start as a zip archive does.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// One member of the archive, as the central directory lists it.
#[derive(Debug)]
pub struct Member {
    /// The path inside the archive (`ratings.csv`, `deleted/diary.csv`).
    pub name: String,
    method: u16,
    flags: u16,
    crc: u32,
    compressed: usize,
    size: usize,
    local_offset: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The archive's members, from its central directory. `Err` says what is
/// wrong in words (the caller names the file).
pub fn members(bytes: &[u8]) -> Result<Vec<Member>, String> {
    // The end record is the last 22 bytes, or earlier by a comment of at
    // most 65,535 bytes.
    let earliest = bytes.len().saturating_sub(22 + 65_535);
    let end = (earliest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(bytes, at) == Some(END))
        .ok_or("not a zip archive: no end of central directory record")?;
    let field16 = |at: usize| u16_at(bytes, end + at).ok_or("a truncated zip archive");
    let field32 = |at: usize| u32_at(bytes, end + at).ok_or("a truncated zip archive");
    if field16(4)? != 0 || field16(6)? != 0 {
        return Err("a multi-part zip archive: join its parts first".into());
    }
    let count = usize::from(field16(10)?);
    let (size, offset) = (field32(12)? as usize, field32(16)? as usize);
    if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        return Err(
            "a Zip64 archive, which this reader does not read: unpack it and choose the CSV".into(),
        );
    }
    let directory = bytes
        .get(offset..offset.saturating_add(size))
        .filter(|_| offset.saturating_add(size) <= end)
        .ok_or("a damaged zip archive: its central directory lies outside the file")?;
    let mut out = Vec::with_capacity(count.min(4096));
    let mut at = 0;
    for _ in 0..count {
        let damaged =
            || "a damaged zip archive: a central directory entry is cut short".to_string();
        if u32_at(directory, at) != Some(CENTRAL) {
            return Err(damaged());
        }
        let f16 = |o: usize| u16_at(directory, at + o).ok_or_else(damaged);
        let f32 = |o: usize| u32_at(directory, at + o).ok_or_else(damaged);
        let (name_len, extra_len, comment_len) = (
            usize::from(f16(28)?),
            usize::from(f16(30)?),
            usize::from(f16(32)?),
        );
        let name = directory
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(damaged)?;
        out.push(Member {
            name: String::from_utf8_lossy(name).into_owned(),
            flags: f16(8)?,
            method: f16(10)?,
            crc: f32(16)?,
            compressed: f32(20)? as usize,
            size: f32(24)? as usize,
            local_offset: f32(42)? as usize,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(out)
}

/// The bytes of `member`, at most `limit` of them once inflated.
pub fn extract(bytes: &[u8], member: &Member, limit: usize) -> Result<Vec<u8>, String> {
    let name = &member.name;
    if member.flags & 1 != 0 {
        return Err(format!("{name} is encrypted in the archive"));
    }
    if member.size > limit {
        return Err(format!(
            "{name} is {} MB unpacked, more than the {} MB read",
            member.size / 1_000_000,
            limit / 1_000_000
        ));
    }
    let local = member.local_offset;
    if u32_at(bytes, local) != Some(LOCAL) {
        return Err(format!(
            "a damaged zip archive: {name}'s local header is missing"
        ));
    }
    let skip = u16_at(bytes, local + 26)
        .zip(u16_at(bytes, local + 28))
        .map(|(n, e)| 30 + usize::from(n) + usize::from(e))
        .ok_or_else(|| format!("a damaged zip archive: {name} is cut short"))?;
    let start = local + skip;
    let data = bytes
        .get(start..start.saturating_add(member.compressed))
        .ok_or_else(|| format!("a damaged zip archive: {name} is cut short"))?;
    let out = match member.method {
        0 => data.to_vec(),
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit)
            .map_err(|e| format!("a damaged zip archive: {name} cannot be inflated ({:?})", e.status))?,
        other => {
            return Err(format!(
                "{name} is packed with method {other}; this reader unpacks stored (0) and deflated (8) members"
            ))
        }
    };
    if out.len() != member.size || crc32(&out) != member.crc {
        return Err(format!(
            "a damaged zip archive: {name} does not match its checksum"
        ));
    }
    Ok(out)
}

/// CRC-32 (IEEE 802.3, the zip format's).
fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// A zip archive of `files` (stored, or deflated when `deflate`), laid
/// out as zip writers do: local headers and data, then the central
/// directory, then the end record.
pub fn write_archive(files: &[(&str, &[u8])], deflate: bool) -> Result<Vec<u8>, String> {
    // No Zip64: every count, size and offset must fit the classic fields.
    let total: u64 = files
        .iter()
        .map(|(n, d)| 76 + 2 * n.len() as u64 + d.len() as u64)
        .sum();
    if files.len() >= 0xFFFF || total >= 0xFFFF_FFFF || files.iter().any(|(n, _)| n.len() > 0xFFFF)
    {
        return Err(format!(
            "{} files of {} MB in all are more than a zip archive without Zip64 holds",
            files.len(),
            total / 1_000_000
        ));
    }
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in files {
        let packed = if deflate {
            miniz_oxide::deflate::compress_to_vec(data, 6)
        } else {
            data.to_vec()
        };
        let method: u16 = if deflate { 8 } else { 0 };
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if sig == CENTRAL {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]);
            h.extend(crc.to_le_bytes());
            h.extend((packed.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if sig == CENTRAL {
                // Comment length, disk, internal and external attributes.
                h.extend([0u8; 10]);
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(LOCAL));
        out.extend(&packed);
        directory.extend(header(CENTRAL));
    }
    let offset = out.len() as u32;
    out.extend(&directory);
    out.extend(END.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((directory.len() as u32).to_le_bytes());
    out.extend(offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_zip_formats() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn stored_and_deflated_members_come_out_whole() {
        for deflate in [false, true] {
            let zip = write_archive(
                &[
                    ("profile.csv", b"Date Joined,Username\n"),
                    ("ratings.csv", b"Date,Name,Year,Letterboxd URI,Rating\n"),
                ],
                deflate,
            )
            .unwrap();
            assert!(is_zip(&zip));
            let listed = members(&zip).unwrap();
            let names: Vec<&str> = listed.iter().map(|m| m.name.as_str()).collect();
            assert_eq!(names, ["profile.csv", "ratings.csv"]);
            assert_eq!(
                extract(&zip, &listed[1], 1000).unwrap(),
                b"Date,Name,Year,Letterboxd URI,Rating\n"
            );
        }
    }

    #[test]
    fn a_damaged_or_oversized_archive_is_refused_in_words() {
        let zip = write_archive(
            &[("ratings.csv", b"Date,Name,Year,Letterboxd URI,Rating\n")],
            false,
        )
        .unwrap();
        // One byte of the data flipped: the checksum says so.
        let mut flipped = zip.clone();
        flipped[30 + "ratings.csv".len() + 3] ^= 0x20;
        let m = members(&flipped).unwrap();
        assert!(extract(&flipped, &m[0], 1000)
            .unwrap_err()
            .contains("checksum"));
        // Bigger than allowed once unpacked.
        let m = members(&zip).unwrap();
        assert!(extract(&zip, &m[0], 10).unwrap_err().contains("MB"));
        // Cut anywhere: an error, never a panic.
        for cut in 0..zip.len() {
            let part = &zip[..cut];
            if let Ok(listed) = members(part) {
                for m in &listed {
                    let _ = extract(part, m, 1000);
                }
            }
        }
        assert!(members(b"PK\x03\x04 not really")
            .unwrap_err()
            .contains("not a zip"));
    }
}
