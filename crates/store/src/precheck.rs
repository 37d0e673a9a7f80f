//! Checks a Parquet file's claimed sizes before the `parquet` crate
//! allocates by them (issue 15's fuzzing). The crate trusts two numbers
//! from the file: a dictionary page's value count (it sizes the dictionary
//! by it) and a page header's uncompressed size (the codec zeroes a buffer
//! of that size before decompressing). Crafted 1 kB files claimed 800
//! million values (a 6.4 GB allocation, which aborts: no panic to catch)
//! and 350 MB pages (0.7 s and 386 MB to refuse). Both are checked here
//! against the bytes that are really there:
//!
//! - every page header of every column chunk is read (Thrift compact
//!   protocol, only the three sizes kept, the rest skipped): its sizes must
//!   be non-negative, its compressed bytes inside the chunk, and its
//!   uncompressed size at most [`MAX_EXPANSION`] times its compressed size
//!   (plus [`SLACK`]);
//! - each dictionary page, decompressed (dictionary pages are small), must
//!   hold the bytes its count needs: `n` PLAIN values of a fixed-width type
//!   take exactly `n × width` bytes, `n` byte strings at least `4n`.

use bytes::Bytes;
use parquet::basic::Type as Physical;
use parquet::column::page::{Page, PageReader};
use parquet::file::reader::{FileReader, SerializedFileReader};

use crate::column::StoreError;

/// The most a page may expand on decompression: far above what the
/// codecs reach on real data (the pipeline's files: under 20×), far below
/// what a crafted header claims.
const MAX_EXPANSION: u64 = 1024;
/// Added to the bound so tiny pages (a few bytes of a constant column)
/// are never refused.
const SLACK: u64 = 1 << 20;
/// Nesting a Thrift header may have (real ones: 3).
const MAX_DEPTH: u32 = 16;

/// Runs a decoder over bytes from outside, turning a panic inside the
/// `parquet` crate into a [`StoreError::Format`]: its readers panic on
/// some crafted files instead of returning an error (five such inputs
/// found by `cargo xtask fuzz`, kept in `xtask/fuzz/regressions/`). Where
/// panics abort (the page's wasm32 build), the page's panic hook shows
/// the message instead.
///
/// Before decoding, the sizes the file claims are checked against its
/// bytes (`check`): the decoder allocates by them, and an allocation
/// that fails aborts the process, which no `catch_unwind` catches.
pub(crate) fn guarded<T>(
    bytes: &bytes::Bytes,
    decode: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    unwinding_to_error(|| {
        check(bytes)?;
        decode()
    })
}

/// Runs `decode`, a panic inside it turned into a [`StoreError::Format`]:
/// for the later steps of a decode whose bytes [`guarded`] checked.
pub(crate) fn unwinding_to_error<T>(
    decode: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no detail".to_string());
            Err(StoreError::Format(format!(
                "the Parquet decoder failed on these bytes (a corrupt or crafted file): {}",
                cartelera_core::quote::clip(&detail, 200)
            )))
        }
    }
}

/// Runs both checks on a whole file.
pub(crate) fn check(bytes: &Bytes) -> Result<(), StoreError> {
    let file = SerializedFileReader::new(bytes.clone())?;
    let metadata = file.metadata();
    for g in 0..metadata.num_row_groups() {
        for chunk in metadata.row_group(g).columns() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or_else(|| chunk.data_page_offset());
            let (start, len) = (
                u64::try_from(start).map_err(|_| bad(chunk, "a negative offset"))?,
                u64::try_from(chunk.compressed_size())
                    .map_err(|_| bad(chunk, "a negative size"))?,
            );
            let end = start
                .checked_add(len)
                .filter(|&e| e <= bytes.len() as u64)
                .ok_or_else(|| bad(chunk, "a chunk past the end of the file"))?;
            check_pages(&bytes[start as usize..end as usize]).map_err(|why| bad(chunk, &why))?;
        }
    }
    check_dictionaries(&file)
}

fn bad(chunk: &parquet::file::metadata::ColumnChunkMetaData, why: &str) -> StoreError {
    StoreError::Format(format!(
        "column {}: {why} (a corrupt or crafted file)",
        chunk.column_path()
    ))
}

/// Walks a column chunk's pages by their headers.
fn check_pages(chunk: &[u8]) -> Result<(), String> {
    let mut at = 0usize;
    while at < chunk.len() {
        let mut r = Reader {
            bytes: &chunk[at..],
            at: 0,
        };
        let sizes = r.page_sizes()?;
        let (uncompressed, compressed) = sizes;
        let header_len = r.at;
        if compressed as u64 > (chunk.len() - at - header_len) as u64 {
            return Err(format!(
                "a page of {compressed} compressed bytes where {} are left",
                chunk.len() - at - header_len
            ));
        }
        if uncompressed as u64 > MAX_EXPANSION * compressed as u64 + SLACK {
            return Err(format!(
                "a page claiming {uncompressed} bytes once decompressed from {compressed}"
            ));
        }
        at += header_len + compressed as usize;
    }
    Ok(())
}

fn check_dictionaries(file: &SerializedFileReader<Bytes>) -> Result<(), StoreError> {
    let metadata = file.metadata();
    for g in 0..metadata.num_row_groups() {
        let group = file.get_row_group(g)?;
        for (c, chunk) in metadata.row_group(g).columns().iter().enumerate() {
            if chunk.dictionary_page_offset().is_none() {
                continue;
            }
            let mut pages: Box<dyn PageReader> = group.get_column_page_reader(c)?;
            let Some(Page::DictionaryPage {
                buf, num_values, ..
            }) = pages.get_next_page()?
            else {
                continue;
            };
            let width: u64 = match chunk.column_type() {
                Physical::BOOLEAN => 0,
                Physical::INT32 | Physical::FLOAT | Physical::BYTE_ARRAY => 4,
                Physical::INT64 | Physical::DOUBLE => 8,
                Physical::INT96 => 12,
                Physical::FIXED_LEN_BYTE_ARRAY => chunk.column_descr().type_length().max(0) as u64,
            };
            let needs = u64::from(num_values) * width;
            if needs > buf.len() as u64 {
                return Err(bad(
                    chunk,
                    &format!(
                        "its dictionary claims {num_values} values, which need at least {needs} bytes, in a page of {}",
                        buf.len()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A Thrift compact-protocol reader, only as far as page headers need.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("a page header cut short")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                break;
            }
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a page header with an overlong number".into())
    }

    fn zigzag(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn skip(&mut self, n: u64) -> Result<(), String> {
        let n = usize::try_from(n).map_err(|_| "a page header field too long")?;
        if n > self.bytes.len() - self.at {
            return Err("a page header cut short".into());
        }
        self.at += n;
        Ok(())
    }

    /// The page header's uncompressed and compressed sizes (fields 2 and
    /// 3); the other fields skipped.
    fn page_sizes(&mut self) -> Result<(i32, i32), String> {
        let (mut uncompressed, mut compressed) = (None, None);
        let mut id: i64 = 0;
        loop {
            let header = self.byte()?;
            if header == 0 {
                break;
            }
            let kind = header & 0x0f;
            let delta = i64::from(header >> 4);
            id = if delta == 0 {
                self.zigzag()?
            } else {
                id + delta
            };
            if (id == 2 || id == 3) && kind == 5 {
                let v = i32::try_from(self.zigzag()?).map_err(|_| "a page size out of range")?;
                if v < 0 {
                    return Err(format!("a negative page size ({v})"));
                }
                *if id == 2 {
                    &mut uncompressed
                } else {
                    &mut compressed
                } = Some(v);
            } else {
                self.skip_value(kind, 0)?;
            }
        }
        match (uncompressed, compressed) {
            (Some(u), Some(c)) => Ok((u, c)),
            _ => Err("a page header without its sizes".into()),
        }
    }

    /// A list or map of `n` elements: each takes at least one byte, so more
    /// elements than bytes left is a lie, refused before looping over them
    /// (issue 15's fuzzing: a map of 5·10⁹ booleans spun for minutes).
    fn check_count(&self, n: u64) -> Result<(), String> {
        if n > (self.bytes.len() - self.at) as u64 {
            return Err("a page header cut short (a list longer than the header)".into());
        }
        Ok(())
    }

    /// One element of a list or map: booleans there are a byte each (in
    /// a struct field they live in the field's type nibble).
    fn skip_element(&mut self, kind: u8, depth: u32) -> Result<(), String> {
        if kind == 1 || kind == 2 {
            self.skip(1)
        } else {
            self.skip_value(kind, depth + 1)
        }
    }

    fn skip_value(&mut self, kind: u8, depth: u32) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("a page header nested too deep".into());
        }
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(drop),
            7 => self.skip(8),
            8 => {
                let n = self.varint()?;
                self.skip(n)
            }
            9 | 10 => {
                let header = self.byte()?;
                let n = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                let element = header & 0x0f;
                self.check_count(n)?;
                for _ in 0..n {
                    self.skip_element(element, depth)?;
                }
                Ok(())
            }
            11 => {
                let n = self.varint()?;
                if n == 0 {
                    return Ok(());
                }
                let types = self.byte()?;
                self.check_count(n)?;
                for _ in 0..n {
                    self.skip_element(types >> 4, depth)?;
                    self.skip_element(types & 0x0f, depth)?;
                }
                Ok(())
            }
            12 => {
                let mut id: i64 = 0;
                loop {
                    let header = self.byte()?;
                    if header == 0 {
                        return Ok(());
                    }
                    let delta = i64::from(header >> 4);
                    id = if delta == 0 {
                        self.zigzag()?
                    } else {
                        id + delta
                    };
                    let _ = id;
                    self.skip_value(header & 0x0f, depth + 1)?;
                }
            }
            other => Err(format!("a page header with an unknown field type {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact-protocol page header: type, sizes, then a nested struct.
    fn header(uncompressed: i32, compressed: i32) -> Vec<u8> {
        let zz = |v: i64| {
            let mut z = ((v << 1) ^ (v >> 63)) as u64;
            let mut out = Vec::new();
            loop {
                let b = (z & 0x7f) as u8;
                z >>= 7;
                if z == 0 {
                    out.push(b);
                    return out;
                }
                out.push(b | 0x80);
            }
        };
        let mut h = vec![0x15];
        h.extend(zz(0)); // 1: type DATA_PAGE
        h.push(0x15);
        h.extend(zz(i64::from(uncompressed)));
        h.push(0x15);
        h.extend(zz(i64::from(compressed)));
        h.push(0x2c); // 5: data_page_header (struct)
        h.push(0x15);
        h.extend(zz(3)); // num_values
        h.push(0x19); // a list
        h.push(0x25); // two i32
        h.extend(zz(1));
        h.extend(zz(2));
        h.push(0); // end of the struct
        h.push(0); // end of the header
        h
    }

    #[test]
    fn honest_pages_pass_and_claims_beyond_the_bytes_do_not() {
        let mut chunk = header(10, 4);
        chunk.extend([1, 2, 3, 4]);
        chunk.extend(header(4, 4));
        chunk.extend([5, 6, 7, 8]);
        assert_eq!(check_pages(&chunk), Ok(()));
        let mut greedy = header(350_000_000, 4);
        greedy.extend([1, 2, 3, 4]);
        assert!(check_pages(&greedy).unwrap_err().contains("350000000"));
        let mut short = header(10, 40);
        short.extend([1, 2, 3, 4]);
        assert!(check_pages(&short).unwrap_err().contains("40 compressed"));
        assert!(check_pages(&header(10, 4)[..5]).is_err());
        assert!(check_pages(&[0x1c; 64]).is_err(), "nested too deep or cut");
    }

    #[test]
    fn a_list_or_map_longer_than_its_bytes_is_refused_at_once() {
        // The sizes, then field 5 as a map or a list of 5·10⁹ booleans:
        // before the fix the map looped without reading (a fuzz hang).
        let sizes = &header(10, 4)[..6];
        let big = [0x80, 0xe4, 0x97, 0xd0, 0x12]; // varint 5_000_000_000
        let mut map = sizes.to_vec();
        map.push(0x2b);
        map.extend(big);
        map.push(0x11);
        let mut list = sizes.to_vec();
        list.push(0x29);
        list.push(0xf1);
        list.extend(big);
        for chunk in [map, list] {
            let err = check_pages(&chunk).unwrap_err();
            assert!(err.contains("longer than the header"), "{err}");
        }
    }
}
