//! The checked-in C header must be exactly what cbindgen generates from this crate.
//! Regenerate with `TALOS_BLESS=1 cargo test -p talos-ffi --test header`.

use std::path::PathBuf;

#[test]
fn checked_in_header_matches_the_exports() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("config");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen parses the crate")
        .write(&mut generated);
    let header = crate_dir.join("../bindings/c/talos_kit.h");
    if std::env::var_os("TALOS_BLESS").is_some() {
        std::fs::write(&header, &generated).expect("write header");
        return;
    }
    let checked_in = std::fs::read(&header).unwrap_or_default();
    assert!(
        checked_in == generated,
        "bindings/c/talos_kit.h is out of date; run TALOS_BLESS=1 cargo test -p talos-ffi --test header"
    );
}
