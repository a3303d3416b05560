//! Helpers shared by the integration tests that run the `suitable` binary or compare its output.
#![allow(dead_code)] // each test crate uses a different subset

use std::process::{Command, Output};

pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/test-data");

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suitable"))
        .args(args)
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Output with the engine version redacted, as the golden files hold it.
pub fn redact_engine(pretty: &str) -> String {
    pretty.replace(
        &format!("\"engineVersion\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"engineVersion\": \"[engine]\"",
    )
}
