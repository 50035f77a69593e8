//! A SIMD skip for the stepping pass: 32 bytes at a time, it finds the next position where a
//! candidate may start, so the character-by-character loop runs only there.
//!
//! Where a word may start is decided by its first *two* characters (`社長`, not every `社`; `さん`,
//! not every `さ`): on Japanese prose the first characters alone occur every ~15 bytes (`社`, `さ`,
//! `上`, `大`…), which is why a first-character test (the stepping loop's, or Teddy's in
//! `aho_corasick`) stops so often. A word of one character (`様`, `氏`) is its own fingerprint, and
//! so are the triggers (digits of both widths, `@`, `＠`, half-width katakana).
//!
//! The test is Teddy's (Hyperscan's literal matcher, as in `aho_corasick::packed`): each fingerprint
//! is put in one of 8 buckets; for each of the 6 byte offsets two 16-entry tables give, for a
//! byte's low and high nibble, the buckets that accept it; a position is flagged when some bucket
//! accepts all 6 of its bytes. That is a superset of the fingerprints (a bucket accepts any mix
//! of its members' nibbles), never a subset, so the caller checks each flagged position exactly and
//! nothing is missed. Only lead bytes and ASCII can be flagged (no fingerprint starts with a
//! continuation byte), so every flagged position is a character boundary.

/// How many bytes of a fingerprint are tested (two characters of three bytes).
const WIDTH: usize = 6;

/// The byte values a fingerprint accepts at one offset.
#[derive(Clone, Copy)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    pub const ANY: ByteSet = ByteSet([u64::MAX; 4]);

    pub fn of(bytes: impl IntoIterator<Item = u8>) -> ByteSet {
        let mut s = ByteSet([0; 4]);
        for b in bytes {
            s.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        s
    }

    fn contains(&self, b: u8) -> bool {
        (self.0[usize::from(b >> 6)] >> (b & 63)) & 1 == 1
    }
}

/// A fingerprint: the accepted bytes at each offset from the start (offsets past its end accept
/// anything).
pub(crate) type Fingerprint = Vec<ByteSet>;

/// The nibble tables of up to 8 buckets of fingerprints.
#[derive(Debug, Clone)]
pub(crate) struct Fingerprints {
    /// Per offset: the buckets accepting a byte whose low nibble is the index.
    lo: [[u8; 16]; WIDTH],
    /// Per offset: the buckets accepting a byte whose high nibble is the index.
    hi: [[u8; 16]; WIDTH],
}

impl Fingerprints {
    /// Tables for `buckets` (at most 8) of fingerprints.
    pub fn new(buckets: &[Vec<Fingerprint>]) -> Fingerprints {
        assert!(buckets.len() <= 8, "Teddy has 8 buckets");
        let (mut lo, mut hi) = ([[0u8; 16]; WIDTH], [[0u8; 16]; WIDTH]);
        for (b, members) in buckets.iter().enumerate() {
            let bit = 1u8 << b;
            for fp in members {
                assert!(fp.first().is_some_and(|s| (0x80..0xC0).all(|c| !s.contains(c))), "a fingerprint starts at a character boundary");
                for k in 0..WIDTH {
                    let set = fp.get(k).copied().unwrap_or(ByteSet::ANY);
                    for c in (0..=255u8).filter(|&c| set.contains(c)) {
                        lo[k][usize::from(c & 0x0F)] |= bit;
                        hi[k][usize::from(c >> 4)] |= bit;
                    }
                }
            }
        }
        Fingerprints { lo, hi }
    }

    /// Whether the tables flag position `at` (which needs [`WIDTH`] bytes from `at`): the scalar
    /// definition the SIMD loop computes 32 positions at a time.
    #[cfg(test)]
    pub fn flags(&self, hay: &[u8], at: usize) -> bool {
        let mut acc = 0xFFu8;
        for k in 0..WIDTH {
            let c = hay[at + k];
            acc &= self.lo[k][usize::from(c & 0x0F)] & self.hi[k][usize::from(c >> 4)];
        }
        acc != 0
    }

    /// The first flagged position in `from..`, or `Err(p)`: no position in `from..p` is flagged
    /// and `p` (a character boundary at or after `from`, where fewer than a block's bytes are
    /// left) is where the caller goes on without the tables. `None` without SIMD (x86-64 without
    /// AVX2, WebAssembly without simd128, other targets). `block` keeps the last block's flags,
    /// so that the positions after one the caller has handled come from the same block without
    /// testing it again.
    #[inline]
    pub fn next(&self, hay: &[u8], from: usize, block: &mut Block) -> Option<Result<usize, usize>> {
        if !simd() {
            return None;
        }
        // Inside the last block: its flags at or after `from`, else test on from its end.
        let start = match from.checked_sub(block.at).filter(|&k| k < BLOCK) {
            Some(k) => {
                let left = block.flags >> k << k;
                if left != 0 {
                    return Some(Ok(block.at + left.trailing_zeros() as usize));
                }
                block.at + BLOCK
            }
            None => from,
        };
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `simd()` checked that the CPU has AVX2.
        return Some(unsafe { self.next_avx2(hay, start, block) });
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return Some(self.next_simd128(hay, start, block));
        #[allow(unreachable_code)]
        {
            let _ = (hay, start);
            None
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn next_avx2(&self, hay: &[u8], start: usize, block: &mut Block) -> Result<usize, usize> {
        use core::arch::x86_64::*;
        // SAFETY: the tables are `[u8; 16]`, read whole.
        let table = |t: &[u8; 16]| unsafe { _mm256_broadcastsi128_si256(_mm_loadu_si128(t.as_ptr().cast())) };
        let lo: [__m256i; WIDTH] = core::array::from_fn(|k| table(&self.lo[k]));
        let hi: [__m256i; WIDTH] = core::array::from_fn(|k| table(&self.hi[k]));
        let nibble = _mm256_set1_epi8(0x0F);
        blocks(hay, start, block, |p| {
            let mut acc = _mm256_set1_epi8(-1);
            for k in 0..WIDTH {
                // SAFETY: `blocks` gives `p` with `BLOCK + WIDTH - 1` bytes readable from it.
                let v = unsafe { _mm256_loadu_si256(p.add(k).cast()) };
                let l = _mm256_shuffle_epi8(lo[k], _mm256_and_si256(v, nibble));
                let h = _mm256_shuffle_epi8(hi[k], _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble));
                acc = _mm256_and_si256(acc, _mm256_and_si256(l, h));
            }
            !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, _mm256_setzero_si256())) as u32)
        })
    }

    /// The same 32 positions as two 16-byte halves (`u8x16_swizzle` is `pshufb`).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn next_simd128(&self, hay: &[u8], start: usize, block: &mut Block) -> Result<usize, usize> {
        use core::arch::wasm32::*;
        // SAFETY: the tables are `[u8; 16]`, read whole (WebAssembly loads need no alignment).
        let table = |t: &[u8; 16]| unsafe { v128_load(t.as_ptr().cast()) };
        let lo: [v128; WIDTH] = core::array::from_fn(|k| table(&self.lo[k]));
        let hi: [v128; WIDTH] = core::array::from_fn(|k| table(&self.hi[k]));
        let nibble = u8x16_splat(0x0F);
        let half = |p: *const u8| {
            let mut acc = u8x16_splat(0xFF);
            for k in 0..WIDTH {
                // SAFETY: `blocks` gives `p` with `BLOCK + WIDTH - 1` bytes readable from it, and
                // halves start at `p` and `p + 16`.
                let v = unsafe { v128_load(p.add(k).cast()) };
                let l = u8x16_swizzle(lo[k], v128_and(v, nibble));
                let h = u8x16_swizzle(hi[k], u8x16_shr(v, 4));
                acc = v128_and(acc, v128_and(l, h));
            }
            !u32::from(u8x16_bitmask(u8x16_eq(acc, u8x16_splat(0)))) & 0xFFFF
        };
        // SAFETY: as above, `p + 16` is inside the block.
        blocks(hay, start, block, |p| half(p) | half(unsafe { p.add(16) }) << 16)
    }
}

/// The block loop both SIMD versions share: `flags(p)` tests the [`BLOCK`] positions from `p`,
/// which has `BLOCK + WIDTH - 1` bytes readable from it.
#[inline(always)]
fn blocks(hay: &[u8], start: usize, block: &mut Block, mut flags: impl FnMut(*const u8) -> u32) -> Result<usize, usize> {
    let mut i = start;
    while i + BLOCK + WIDTH - 1 <= hay.len() {
        // In bounds: `i < hay.len()` by the loop condition.
        let f = flags(hay[i..].as_ptr());
        if f != 0 {
            *block = Block { at: i, flags: f };
            return Ok(i + f.trailing_zeros() as usize);
        }
        i += BLOCK;
    }
    // Back to the start of the character `i` is in (`start` may be inside one): the bytes stepped
    // back over were tested already, and none of them was flagged.
    while i > 0 && i < hay.len() && (0x80..0xC0).contains(&hay[i]) {
        i -= 1;
    }
    Err(i)
}

/// Whether this build and CPU have the SIMD the tables need (AVX2 is detected once; `std` caches
/// it; simd128 is a build setting of the WebAssembly module).
#[inline]
fn simd() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return true;
    #[allow(unreachable_code)]
    false
}

/// Positions tested at once.
const BLOCK: usize = 32;

/// The flags of the last block that had any: bit `k` for position `at + k`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    at: usize,
    flags: u32,
}

impl Default for Block {
    fn default() -> Block {
        Block { at: usize::MAX - BLOCK, flags: 0 }
    }
}

/// The fingerprint of a character: its UTF-8 bytes, one per offset.
pub(crate) fn exact(s: &str) -> Fingerprint {
    s.bytes().map(|b| ByteSet::of([b])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_members_and_only_character_boundaries() {
        let f = Fingerprints::new(&[vec![exact("社長")], vec![exact("様")], vec![vec![ByteSet::of(b'0'..=b'9')]]]);
        let text = "当社の社長様へ、1件。あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめも";
        let hay = text.as_bytes();
        let flagged: Vec<usize> = (0..hay.len() - WIDTH).filter(|&i| f.flags(hay, i)).collect();
        assert_eq!(flagged, [text.find("社長").unwrap(), text.find('様').unwrap(), text.find('1').unwrap()]);
        let mut block = Block::default();
        if let Some(first) = f.next(hay, 0, &mut block) {
            assert_eq!(first, Ok(text.find("社長").unwrap()));
            assert_eq!(f.next(hay, first.unwrap() + 1, &mut block), Some(Ok(text.find('様').unwrap())));
            let after = text.find('1').unwrap() + 1;
            match f.next(hay, after, &mut block).unwrap() {
                Ok(p) => panic!("flagged {p} after the last member"),
                Err(p) => assert!(p >= after && text.is_char_boundary(p)),
            }
        }
    }

    proptest::proptest! {
        /// The SIMD blocks flag exactly the positions the scalar definition does, up to where they
        /// hand over; every flagged position and the hand-over point are character boundaries.
        #[test]
        fn blocks_flag_what_the_definition_flags(s in "([0-9@\"ａ-ｚ０-９（）ｱ-ﾝ]|社長|様|さん|の|お|り|合|漢|a|\n|é|😀){0,90}") {
            let f = Fingerprints::new(&[
                vec![vec![ByteSet::of((b'0'..=b'9').chain([b'@']))]],
                vec![exact("社長"), exact("様")],
                vec![exact("さん"), exact("\"n")],
                vec![vec![ByteSet::of([0xEF]), ByteSet::of([0xBD, 0xBE]), ByteSet::of(0x80..=0xBF)]],
            ]);
            let hay = s.as_bytes();
            let mut block = Block::default();
            let (mut at, mut got) = (0, Vec::new());
            let end = loop {
                match f.next(hay, at, &mut block) {
                    None => return Ok(()),
                    Some(Ok(p)) => {
                        proptest::prop_assert!(p >= at && s.is_char_boundary(p));
                        got.push(p);
                        at = p + s[p..].chars().next().map_or(1, char::len_utf8);
                    }
                    Some(Err(p)) => break p,
                }
            };
            proptest::prop_assert!(s.is_char_boundary(end) && end >= at);
            let want: Vec<usize> = (0..end.min(hay.len().saturating_sub(WIDTH - 1))).filter(|&i| f.flags(hay, i)).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
