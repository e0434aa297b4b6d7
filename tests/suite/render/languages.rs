//! The built-in UI languages beyond English and Chinese (src/i18n/, themes/default/i18n/): a
//! site in German or Japanese writes its dates in the language's order with its month names,
//! and its uptime percentages with its decimal separator, while machine outputs keep theirs.

use crate::support::{CONFIG, GOOD_INCIDENT, TestSite};

/// An hour of major outage three days before the suite's "now" (2026-11-23 12:00): the
/// windows' uptime is not 100 %, so its decimals show.
const RECENT_OUTAGE: &str = "\
---
title: Mail down
affected:
  qq/mail: major_outage
---
Mail was down.

## Timeline

### 2026-11-20 10:00 · investigating
Looking.

### 11:00 · resolved
Back.
";

/// A site in `language` with the March 2023 incident and the recent outage, built.
fn site_in(language: &str) -> TestSite {
    let config = CONFIG.replace("language: en", &format!("language: {language}"));
    let site = TestSite::new(&config);
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.write("incidents/mail.md", RECENT_OUTAGE);
    site.run(&["build"]).ok();
    site
}

#[test]
fn a_german_site_writes_german_dates_and_decimal_commas() {
    let site = site_in("de");
    let incident = site.read("public/incidents/login/index.html");
    assert!(
        incident.contains(">29. März 2023, 00:30"),
        "no German date on the incident page"
    );
    assert!(incident.contains("Behoben"), "no German status word");
    // 1 h down in 30 days is 99.86 %, written the German way (no-break space before %).
    let index = site.read("public/index.html");
    assert!(
        index.contains("<strong>99,86\u{a0}%</strong>"),
        "no German uptime percentage on the front page"
    );
    assert!(index.contains("zu 30\u{a0}%"), "the legend's weight");
    assert!(!index.contains("99.86"), "a decimal point on a German page");
    // The month's name in the history: March 2023.
    let month = site.read("public/history/2023-03/index.html");
    assert!(month.contains("März 2023"), "no German month name");
    // The script writes times in the reader's zone with the same names.
    let script = site.read("public/bulletin-strings.js");
    assert!(script.contains(r#""monthNames":["Januar","Februar","März""#));
}

/// What programs read keeps the decimal point and the ISO dates, whatever the language.
#[test]
fn machine_outputs_stay_machine_readable_in_german() {
    let site = site_in("de");
    let uptime = site.read("public/api/uptime.json");
    assert!(
        uptime.contains("99.86"),
        "api/uptime.json lost its decimal point"
    );
    assert!(!uptime.contains("99,86"));
    let incident = site.read("public/incidents/login/index.html");
    assert!(incident.contains(r#"datetime="2023-03-29T00:30:00+08:00""#));
}

/// Japanese puts "ongoing for" after the duration: "10時間継続中" (10:00 in Shanghai to the
/// suite's now, 20:00 there).
const LIVE: &str = "\
---
title: Pay slow
affected:
  wechat/pay: degraded_performance
---
Slow.

## Timeline

### 2026-11-23 10:00 · investigating
Looking.
";

#[test]
fn a_japanese_site_writes_year_month_day() {
    let site = site_in("ja");
    let incident = site.read("public/incidents/login/index.html");
    assert!(
        incident.contains(">2023年3月29日 00:30"),
        "no Japanese date"
    );
    assert!(incident.contains("解決済み"), "no Japanese status word");
    let index = site.read("public/index.html");
    assert!(index.contains("<strong>99.86%</strong>"));
    site.write("incidents/live.md", LIVE);
    site.run(&["build"]).ok();
    let live = site.read("public/incidents/live/index.html");
    assert!(
        live.contains(">10時間</span>継続中</span>"),
        "the duration before its mark"
    );
    // Numeric dates need no month names in the script.
    assert!(
        !site
            .read("public/bulletin-strings.js")
            .contains("monthNames")
    );
}

/// English pages keep jiff's own names and the script its built-in English ones.
#[test]
fn an_english_site_sends_the_script_no_names() {
    let site = site_in("en");
    let incident = site.read("public/incidents/login/index.html");
    assert!(incident.contains(">29 Mar 2023, 00:30"));
    assert!(
        site.read("public/index.html")
            .contains("<strong>99.86%</strong>")
    );
    assert!(
        !site
            .read("public/bulletin-strings.js")
            .contains("monthNames")
    );
}

/// Each built-in language is accepted by `check` and by `init --language`.
#[test]
fn every_built_in_language_is_accepted() {
    for language in ["zh-TW", "ja", "ko", "de", "fr", "es", "pt-BR"] {
        let site = TestSite::new(&CONFIG.replace("language: en", &format!("language: {language}")));
        site.write("incidents/login.md", GOOD_INCIDENT);
        site.run(&["check"]).ok();
    }
}

/// A language the theme does not have gets its month names too, from the locale data: a site
/// in Italian that gives only its own date pattern writes "marzo".
#[test]
fn a_language_a_site_adds_gets_its_month_names() {
    let site = TestSite::new(&CONFIG.replace("language: en", "language: it"));
    site.write(
        "i18n/it.yaml",
        "format:\n  datetime: \"%-d %B %Y, %H:%M\"\n",
    );
    site.write("incidents/login.md", GOOD_INCIDENT);
    site.run(&["build"]).ok();
    let incident = site.read("public/incidents/login/index.html");
    assert!(
        incident.contains(">29 marzo 2023, 00:30"),
        "no Italian month"
    );
}
