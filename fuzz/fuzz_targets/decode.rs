//! Decoding arbitrary bytes never panics; decoded text never contains NUL.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(d) = gazette::internals::decode::decode(bytes) {
        assert!(!d.text.contains('\0'));
    }
});
