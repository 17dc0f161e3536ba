//! The base62 encoding Talos uses for node identities (jxskiss/base62 v1.1.0 `StdEncoding`).
//!
//! This is **not** the usual big-integer base62 (and not the `base62` crate). It packs the input
//! bits, least significant first, into characters of 5 or 6 bits each: a 6-bit group whose bits
//! 1–4 are all set (values 30, 31, 62, 63) would not fit the 62-letter alphabet, so only its low
//! five bits are emitted and the sixth bit is carried into the next character. The last
//! character carries whatever bits remain, so leading zero bytes survive a round trip.
//!
//! ```
//! use talos_discovery_crypto::base62;
//!
//! assert_eq!(base62::encode(&[0x00, 0x01]), "BAA");
//! assert_eq!(base62::decode("BAA")?, [0x00, 0x01]);
//! # Ok::<(), talos_discovery_crypto::Base62Error>(())
//! ```

/// The 62 characters, indexed by the value they stand for.
pub const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A 6-bit group with these bits all set is emitted with five bits only.
const COMPACT_MASK: u8 = 0x1E;
const LOW_FIVE_BITS: u8 = 0x1F;
const LOW_SIX_BITS: u16 = 0x3F;

/// A string that is not base62.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Base62Error {
    /// A byte outside the alphabet `A–Z a–z 0–9`.
    #[error("illegal base62 character at byte {position}")]
    InvalidCharacter {
        /// Byte offset of the offending character in the input string.
        position: usize,
    },
}

/// Encodes bytes; the empty input gives the empty string.
///
/// 32 random bytes (a Talos node identity) give 43 to 45 characters, at most 52.
pub fn encode(bytes: &[u8]) -> String {
    let total_bits = bytes.len() * 8;
    let mut remaining_bits = total_bits;
    let mut encoded = String::with_capacity(total_bits / 5 + 1);
    while remaining_bits > 0 {
        let mut value = six_bits_at(bytes, total_bits - remaining_bits);
        let mut width = 6;
        if value & COMPACT_MASK == COMPACT_MASK {
            // Only the very last character may drop a zero sixth bit that lies beyond the input.
            if remaining_bits > 6 || value > LOW_FIVE_BITS {
                width = 5;
            }
            value &= LOW_FIVE_BITS;
        }
        encoded.push(char::from(ALPHABET[usize::from(value)]));
        remaining_bits = remaining_bits.saturating_sub(width);
    }
    encoded
}

/// Bits `offset..offset + 6` of `bytes` read as one big-endian number (bit 0 is the least
/// significant bit of the last byte); bits beyond the start of the input read as zero.
fn six_bits_at(bytes: &[u8], offset: usize) -> u8 {
    let byte_from_end = offset / 8;
    let shift = offset % 8;
    let byte = |from_end: usize| {
        bytes
            .len()
            .checked_sub(from_end + 1)
            .map_or(0, |index| u16::from(bytes[index]))
    };
    let window = byte(byte_from_end) | byte(byte_from_end + 1) << 8;
    // The mask keeps six bits, so the value always fits a u8.
    ((window >> shift) & LOW_SIX_BITS) as u8
}

/// Decodes a base62 string.
///
/// Decoding is as lenient as the Go library: any string over the alphabet decodes (strings the
/// encoder cannot produce give some byte string, exactly the one Go gives); only characters
/// outside the alphabet are errors.
pub fn decode(text: &str) -> Result<Vec<u8>, Base62Error> {
    let text = text.as_bytes();
    let mut reversed = Vec::with_capacity(text.len() * 6 / 8 + 1);
    let mut accumulator: u32 = 0;
    let mut pending_bits: u32 = 0;
    for (position, &character) in text.iter().enumerate() {
        let value = character_value(character).ok_or(Base62Error::InvalidCharacter { position })?;
        let width = if position + 1 == text.len() {
            u8::BITS - value.leading_zeros()
        } else if value & COMPACT_MASK == COMPACT_MASK {
            5
        } else {
            6
        };
        accumulator |= u32::from(value) << pending_bits;
        pending_bits += width;
        if pending_bits >= 8 {
            reversed.push(accumulator.to_le_bytes()[0]);
            accumulator >>= 8;
            pending_bits -= 8;
        }
    }
    if pending_bits > 0 {
        reversed.push(accumulator.to_le_bytes()[0]);
    }
    reversed.reverse();
    Ok(reversed)
}

/// The value of one alphabet character.
fn character_value(character: u8) -> Option<u8> {
    match character {
        b'A'..=b'Z' => Some(character - b'A'),
        b'a'..=b'z' => Some(character - b'a' + 26),
        b'0'..=b'9' => Some(character - b'0' + 52),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn spec_vectors() {
        let counting: Vec<u8> = (0..32).collect();
        let cases: Vec<(Vec<u8>, String)> = vec![
            (
                counting,
                "fwjO4YDNyAjLsoCKmQiIg4BHaghFUIBEOwgCIYABCAA".to_owned(),
            ),
            (vec![0; 32], "A".repeat(43)),
            (vec![0xff; 32], format!("{}B", "f".repeat(51))),
            (vec![0, 1], "BAA".to_owned()),
            (vec![1], "BA".to_owned()),
            (vec![0], "AA".to_owned()),
            (vec![0xff], "fH".to_owned()),
            (vec![0x3e], "eB".to_owned()),
            (
                "Hello, 世界！".as_bytes().to_vec(),
                "By77MW55WiL5gwybsxWZIB".to_owned(),
            ),
            (vec![], String::new()),
            (
                hex("be871ac0d0dd31fa4caca753b0f3f1b2970f5c19dfbde7dd7932e37cb2eeea2c"),
                "sou7yy34ykX3n373Zw1DXKb8zD7UnyKT6HT3QDsGH6L".to_owned(),
            ),
            (
                hex("8d2c0de2408fa2a178bad7f45d9aa8fbd7354cc90129f2f9c87897dec97eabe0"),
                "gvqfS27LxD58lPlASmpaueeRVzuof16iXoieRgEvBWaE".to_owned(),
            ),
            (
                hex("52314ec06260c5eb0fb7fcb656967422e7ff113f80eae303cfa013c0ae4b5c7b"),
                "7x1SuC8Ege5BGXdAfTEff5iQnlWZLfv9h1LGMxA2pYkC".to_owned(),
            ),
        ];
        for (bytes, text) in cases {
            assert_eq!(encode(&bytes), text, "encode {bytes:02x?}");
            assert_eq!(decode(&text).unwrap(), bytes, "decode {text}");
        }
    }

    #[test]
    fn rejects_foreign_characters() {
        assert_eq!(
            decode("AB-C"),
            Err(Base62Error::InvalidCharacter { position: 2 })
        );
        assert_eq!(
            decode("Aé"),
            Err(Base62Error::InvalidCharacter { position: 1 })
        );
    }
}
