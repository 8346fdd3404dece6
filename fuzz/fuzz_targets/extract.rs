//! Fuzz target: any bytes through the library's entry point, with provenance, into JSON and
//! the tidy form. Nothing may panic or hang; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = nianbao::Options::default().with_provenance(true);
    if let Ok(report) = nianbao::extract(data, &options) {
        let _ = serde_json::to_vec(&report);
        let _ = nianbao::tidy::records(&report);
    }
});
