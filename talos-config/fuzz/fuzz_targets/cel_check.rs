//! Arbitrary text as a CEL expression in every Talos environment: checking must never panic
//! (nor overflow the stack on deep nesting), and whatever it accepts as a disk selector must
//! evaluate against a disk without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talos_config::cel::{Disk, Environment, check_boolean, check_double, evaluate_disk_selector};

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else {
        return;
    };
    for env in [
        Environment::Empty,
        Environment::DiskLocator,
        Environment::VolumeLocator,
        Environment::LinkLocator,
        Environment::OomTrigger,
        Environment::OomCgroupScoring,
    ] {
        let _ = check_boolean(expr, env);
    }
    let _ = check_double(expr, Environment::OomCgroupScoring);
    if check_boolean(expr, Environment::DiskLocator).is_ok() {
        let disk = Disk {
            size: 512 * 1000 * 1000 * 1000,
            transport: "nvme".to_owned(),
            dev_path: "/dev/nvme0n1".to_owned(),
            symlinks: vec!["/dev/disk/by-id/nvme-1".to_owned()],
            ..Disk::default()
        };
        let _ = evaluate_disk_selector(expr, &disk, false);
    }
});
