//! Fuzz target: one incident file's text, through the same stages `bulletin check` runs on it.
//!
//! Arbitrary bytes are read as UTF-8 (invalid sequences become U+FFFD, as a lossy reader
//! would), parsed as an incident file (front matter and body) against a fixed config, then
//! validated, and, when nothing is wrong, derived into site state as `bulletin build` would.
//!
//! Besides "never panics" it checks one contract: `content::parse` either returns an
//! incident or reports at least one error.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use bulletin::config::{self, Config};
use bulletin::{content, derive, validate};
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

/// Two products with features, Chinese UI, a zone with an eight-hour offset.
const CONFIG: &str = "\
title: Fuzz Status
base_url: https://status.test/
language: zh-CN
timezone: Asia/Shanghai
products:
  - id: wechat
    name: 微信
    features:
      - id: login
        name: 账号登录
      - id: pay
        name: 微信支付
  - id: qq
    name: QQ
    features:
      - id: mail
        name: QQ 邮箱
      - id: file-transfer
        name: 文件传输
";

static SITE: LazyLock<Config> = LazyLock::new(|| {
    config::parse(Path::new("."), CONFIG, None).expect("the fuzz config is valid")
});

/// A fixed "now" (2026-11-23 12:00 UTC), so a crash reproduces whatever the clock says.
static NOW: LazyLock<Timestamp> = LazyLock::new(|| Timestamp::from_second(1_795_435_200).unwrap());

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rel = Path::new("incidents/fuzz.md");
    let (incident, problems) = content::parse(&SITE, rel, &text);
    let parse_errors = problems.iter().any(|d| d.is_error());
    let Some(incident) = incident else {
        assert!(parse_errors, "no incident and no error: {problems:?}");
        return;
    };
    let checked = validate::validate(&SITE, std::slice::from_ref(&incident), *NOW);
    if !parse_errors && !checked.has_errors() {
        // `bulletin build` derives only from incidents that passed validation.
        let site = derive::derive(&SITE, vec![incident.into()], *NOW);
        assert!(site.incidents.len() <= 1);
    }
});
