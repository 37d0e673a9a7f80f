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
//! - each dictionary page must hold the bytes its count needs: `n` PLAIN
//!   values of a fixed-width type take exactly `n × width` bytes, `n` byte
//!   strings at least `4n`. The page's bytes are known from its header
//!   without decompressing it: the crate refuses a page whose decompressed
//!   length differs from the header's uncompressed size
//!   (`serialized_reader::decode_page`, parquet 60), and an uncompressed
//!   chunk's page is its compressed bytes. (Until session 15 each
//!   dictionary page was decompressed here, then again by the decoder:
//!   up to 0.16 s of one task of the page's catalog load on a phone.)

use bytes::Bytes;
use parquet::basic::{Compression, Type as Physical};
use parquet::file::metadata::ColumnChunkMetaData;
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
            let dictionary = Dictionary {
                width: value_width(chunk),
                compressed: chunk.compression() != Compression::UNCOMPRESSED,
            };
            check_pages(&bytes[start as usize..end as usize], dictionary)
                .map_err(|why| bad(chunk, &why))?;
        }
    }
    Ok(())
}

/// What a chunk's dictionary page must hold per value, and whether its
/// pages are decompressed (then the decoder's buffer is the header's
/// uncompressed size) or not (then it is the compressed bytes).
#[derive(Clone, Copy)]
struct Dictionary {
    width: u64,
    compressed: bool,
}

/// The bytes one PLAIN dictionary value takes at least.
fn value_width(chunk: &ColumnChunkMetaData) -> u64 {
    match chunk.column_type() {
        Physical::BOOLEAN => 0,
        Physical::INT32 | Physical::FLOAT | Physical::BYTE_ARRAY => 4,
        Physical::INT64 | Physical::DOUBLE => 8,
        Physical::INT96 => 12,
        Physical::FIXED_LEN_BYTE_ARRAY => chunk.column_descr().type_length().max(0) as u64,
    }
}

fn bad(chunk: &ColumnChunkMetaData, why: &str) -> StoreError {
    StoreError::Format(format!(
        "column {}: {why} (a corrupt or crafted file)",
        chunk.column_path()
    ))
}

/// Walks a column chunk's pages by their headers.
fn check_pages(chunk: &[u8], dictionary: Dictionary) -> Result<(), String> {
    let mut at = 0usize;
    while at < chunk.len() {
        let mut r = Reader {
            bytes: &chunk[at..],
            at: 0,
        };
        let header = r.page_header()?;
        let (uncompressed, compressed) = (header.uncompressed, header.compressed);
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
        if let Some(values) = header.dictionary_values {
            // Saturating: a crafted varint may claim far beyond i32, and
            // an overflow must not wrap into a small, passing product.
            let needs = u64::try_from(values)
                .unwrap_or(0)
                .saturating_mul(dictionary.width);
            let holds = if dictionary.compressed {
                uncompressed
            } else {
                compressed
            };
            if needs > holds as u64 {
                return Err(format!(
                    "its dictionary claims {values} values, which need at least {needs} bytes, in a page of {holds}"
                ));
            }
        }
        at += header_len + compressed as usize;
    }
    Ok(())
}

/// What [`check_pages`] reads of one page header.
struct PageHeader {
    uncompressed: i32,
    compressed: i32,
    /// The value count of a dictionary page's header; `None` on other pages.
    dictionary_values: Option<i64>,
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
    /// 3) and its dictionary header's value count (field 7's field 1);
    /// the other fields skipped.
    fn page_header(&mut self) -> Result<PageHeader, String> {
        let (mut uncompressed, mut compressed) = (None, None);
        let mut dictionary_values = None;
        let mut id: i64 = 0;
        while let Some((field, kind)) = self.field(id)? {
            id = field;
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
            } else if id == 7 && kind == 12 {
                dictionary_values = self.dictionary_values()?;
            } else {
                self.skip_value(kind, 0)?;
            }
        }
        match (uncompressed, compressed) {
            (Some(uncompressed), Some(compressed)) => Ok(PageHeader {
                uncompressed,
                compressed,
                dictionary_values,
            }),
            _ => Err("a page header without its sizes".into()),
        }
    }

    /// A `DictionaryPageHeader` struct: its `num_values` (field 1, i32),
    /// the other fields skipped.
    fn dictionary_values(&mut self) -> Result<Option<i64>, String> {
        let mut values = None;
        let mut id: i64 = 0;
        while let Some((field, kind)) = self.field(id)? {
            id = field;
            if id == 1 && kind == 5 {
                values = Some(self.zigzag()?);
            } else {
                self.skip_value(kind, 1)?;
            }
        }
        Ok(values)
    }

    /// A struct's next field header after field `last`: its id and type,
    /// `None` at the struct's end.
    fn field(&mut self, last: i64) -> Result<Option<(i64, u8)>, String> {
        let header = self.byte()?;
        if header == 0 {
            return Ok(None);
        }
        let delta = i64::from(header >> 4);
        let id = if delta == 0 {
            self.zigzag()?
        } else {
            last + delta
        };
        Ok(Some((id, header & 0x0f)))
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
                while let Some((field, kind)) = self.field(id)? {
                    id = field;
                    self.skip_value(kind, depth + 1)?;
                }
                Ok(())
            }
            other => Err(format!("a page header with an unknown field type {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A byte-array column's chunk, compressed.
    const STRINGS: Dictionary = Dictionary {
        width: 4,
        compressed: true,
    };

    /// A zigzag varint, as the compact protocol writes an i32.
    fn zz(v: i64) -> Vec<u8> {
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
    }

    /// A page header's first three fields: type, uncompressed and
    /// compressed sizes (all i32).
    fn header_start(kind: i64, uncompressed: i32, compressed: i32) -> Vec<u8> {
        let mut h = Vec::new();
        for v in [kind, i64::from(uncompressed), i64::from(compressed)] {
            h.push(0x15);
            h.extend(zz(v));
        }
        h
    }

    /// A compact-protocol page header: type, sizes, then a nested struct.
    fn header(uncompressed: i32, compressed: i32) -> Vec<u8> {
        let mut h = header_start(0, uncompressed, compressed); // DATA_PAGE
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
        assert_eq!(check_pages(&chunk, STRINGS), Ok(()));
        let mut greedy = header(350_000_000, 4);
        greedy.extend([1, 2, 3, 4]);
        assert!(check_pages(&greedy, STRINGS)
            .unwrap_err()
            .contains("350000000"));
        let mut short = header(10, 40);
        short.extend([1, 2, 3, 4]);
        assert!(check_pages(&short, STRINGS)
            .unwrap_err()
            .contains("40 compressed"));
        assert!(check_pages(&header(10, 4)[..5], STRINGS).is_err());
        assert!(
            check_pages(&[0x1c; 64], STRINGS).is_err(),
            "nested too deep or cut"
        );
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
            let err = check_pages(&chunk, STRINGS).unwrap_err();
            assert!(err.contains("longer than the header"), "{err}");
        }
    }

    /// A dictionary page's header: type 2, sizes, then field 7 with the
    /// value count and the encoding.
    fn dictionary_header(values: i64, uncompressed: i32, compressed: i32) -> Vec<u8> {
        let mut h = header_start(2, uncompressed, compressed); // DICTIONARY_PAGE
        h.push(0x4c); // 7: dictionary_page_header (struct)
        h.push(0x15);
        h.extend(zz(values)); // 1: num_values
        h.push(0x15);
        h.extend(zz(0)); // 2: encoding PLAIN
        h.push(0); // end of the struct
        h.push(0); // end of the header
        h
    }

    #[test]
    fn a_dictionary_claiming_more_values_than_its_bytes_hold_is_refused_from_its_header() {
        // 3 strings need at least 12 bytes: a page decompressing to 12 holds
        // them, one decompressing to 11 cannot.
        let page = |values, uncompressed| {
            let mut chunk = dictionary_header(values, uncompressed, 4);
            chunk.extend([1, 2, 3, 4]);
            chunk
        };
        assert_eq!(check_pages(&page(3, 12), STRINGS), Ok(()));
        let err = check_pages(&page(3, 11), STRINGS).unwrap_err();
        assert!(
            err.contains("claims 3 values") && err.contains("page of 11"),
            "{err}"
        );
        // The crafted file of issue 15: 800 million values in a small page.
        let err = check_pages(&page(800_000_000, 4096), STRINGS).unwrap_err();
        assert!(err.contains("800000000"), "{err}");
        // Uncompressed, the page is its compressed bytes (4 here), whatever
        // the header claims once decompressed.
        let raw = Dictionary {
            compressed: false,
            ..STRINGS
        };
        assert_eq!(check_pages(&page(1, 12), raw), Ok(()));
        assert!(check_pages(&page(3, 12), raw).is_err());
        // A count beyond i32 saturates instead of wrapping: 4 × (2⁶² + 1)
        // wrapped is 4, which a 12-byte page would hold.
        let huge = (1i64 << 62) + 1;
        let err = check_pages(&page(huge, 12), STRINGS).unwrap_err();
        assert!(err.contains(&huge.to_string()), "{err}");
        // Booleans take no bytes per value: any count passes this check.
        let booleans = Dictionary {
            width: 0,
            ..STRINGS
        };
        assert_eq!(check_pages(&page(800_000_000, 4), booleans), Ok(()));
    }

    /// A real file from the crate's writer: one dictionary-encoded string
    /// column of 3 distinct values (15 bytes of PLAIN strings).
    fn dictionary_file(compression: parquet::basic::Compression) -> Vec<u8> {
        use arrow_array::{ArrayRef, RecordBatch, StringArray};
        use parquet::arrow::ArrowWriter;
        use parquet::file::properties::WriterProperties;
        let ids: ArrayRef = std::sync::Arc::new(StringArray::from(vec!["a", "b", "c", "a"]));
        let batch = RecordBatch::try_from_iter([("id", ids)]).unwrap();
        let props = WriterProperties::builder()
            .set_compression(compression)
            .build();
        let mut out = Vec::new();
        let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        out
    }

    #[test]
    fn a_written_file_whose_dictionary_count_is_raised_is_refused() {
        for compression in [Compression::UNCOMPRESSED, Compression::SNAPPY] {
            let honest = dictionary_file(compression);
            assert!(check(&Bytes::from(honest.clone())).is_ok(), "{compression}");
            // The dictionary header's `num_values` (field 7, its field 1:
            // zigzag 3 = 0x06), raised to 63 (0x7e, the same length, so
            // every offset stays right): 63 strings need 252 bytes.
            let at: Vec<usize> = (0..honest.len() - 2)
                .filter(|&i| {
                    matches!(honest[i], 0x3c | 0x4c) && honest[i + 1..i + 3] == [0x15, 0x06]
                })
                .collect();
            assert_eq!(at.len(), 1, "{compression}: one dictionary header");
            let mut crafted = honest;
            crafted[at[0] + 2] = 0x7e;
            let err = check(&Bytes::from(crafted)).unwrap_err().to_string();
            assert!(
                err.contains("column \"id\"")
                    && err.contains("claims 63 values")
                    && err.contains("page of 15"),
                "{compression}: {err}"
            );
        }
    }
}
