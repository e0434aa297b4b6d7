//! Property tests for the incident file format (docs/format.md).
//!
//! 1. Round trip: generated incidents, written out in the documented format (with its
//!    variations: bare `HH:MM`, `~`, RFC 3339 offsets, `·`/`|`/`-` separators, status spellings,
//!    quoted titles, flow or block `affected`, link channels…), parse back to exactly what was
//!    generated, with no error from the parser or from validation.
//! 2. Robustness: `content::parse` never panics, whatever the text, and either returns an
//!    incident or reports at least one error. Validation (and deriving, when validation
//!    passes) never panics on what it returns.
//!
//! 256 cases per property by default; `PROPTEST_CASES=10000 cargo test --test properties`
//! runs more. See docs/fuzzing.md.

use std::path::Path;
use std::sync::LazyLock;

use bulletin::config::{self, Config};
use bulletin::content;
use bulletin::derive;
use bulletin::model::{ComponentStatus, Impact, Incident, Kind, UpdateStatus};
use bulletin::time::WrittenTime;
use bulletin::validate;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config as ProptestConfig;

// ---------------------------------------------------------------------------------------------
// The site
// ---------------------------------------------------------------------------------------------

const CONFIG: &str = "\
title: Property Test Status
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
      - id: moments
        name: 朋友圈
  - id: qq
    name: QQ
    features:
      - id: mail
        name: QQ 邮箱
      - id: file-transfer
        name: 文件传输
  - id: cloud9
    name: Cloud 9
    features:
      - id: api
        name: API
";

static SITE: LazyLock<Config> =
    LazyLock::new(|| config::parse(Path::new("."), CONFIG, None).expect("test config is valid"));

/// The component refs of [`CONFIG`], products and features.
const REFS: [&str; 9] = [
    "wechat",
    "wechat/login",
    "wechat/pay",
    "wechat/moments",
    "qq",
    "qq/mail",
    "qq/file-transfer",
    "cloud9",
    "cloud9/api",
];

/// 2026-11-23 12:00 UTC, as in the integration tests.
static NOW: LazyLock<Timestamp> = LazyLock::new(|| Timestamp::from_second(1_795_435_200).unwrap());

fn site_zone() -> &'static TimeZone {
    &SITE.timezone
}

const FILE: &str = "incidents/generated.md";

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Failures print the minimal input; no regression files are written into tests/.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// What is generated
// ---------------------------------------------------------------------------------------------

/// How a time is written.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// `YYYY-MM-DD HH:MM` in the site zone.
    Full,
    /// `HH:MM`, when the previous entry is on the same date (else written as `Full`).
    Bare,
    /// RFC 3339 with this offset, in minutes.
    Offset(i32),
    /// RFC 3339 in UTC, `…Z`.
    Utc,
}

#[derive(Debug, Clone, Copy)]
enum Approx {
    Exact,
    /// `~03:30`
    Tilde,
    /// `~ 03:30`
    TildeSpace,
}

#[derive(Debug, Clone, Copy)]
struct TimeSpec {
    /// Minutes after the previous entry.
    gap: i64,
    form: Form,
    approx: Approx,
}

#[derive(Debug, Clone)]
struct GenUpdate {
    time: TimeSpec,
    status: UpdateStatus,
    /// Which spelling of the status word.
    spelling: u8,
    sep: &'static str,
    /// `### … ###`
    closing_hashes: bool,
    body: String,
}

#[derive(Debug, Clone)]
enum Channel {
    None,
    Plain(String),
    /// `[text](url)`
    Link(String, String),
    /// `<url>`
    Angle(String),
    /// `url`
    Bare(String),
}

#[derive(Debug, Clone)]
struct GenStatement {
    time: TimeSpec,
    by: String,
    channel: Channel,
    sep: &'static str,
    body: String,
}

#[derive(Debug, Clone)]
struct GenSection {
    title: String,
    body: String,
}

#[derive(Debug, Clone, Copy)]
enum TitleStyle {
    Plain,
    Double,
    Single,
}

#[derive(Debug, Clone, Copy)]
enum AffectedStyle {
    Block,
    BlockQuotedKeys,
    Flow,
}

#[derive(Debug, Clone)]
struct GenIncident {
    title: String,
    title_style: TitleStyle,
    kind: Kind,
    write_kind: bool,
    impact: Option<Impact>,
    affected: Vec<(String, ComponentStatus)>,
    affected_style: AffectedStyle,
    /// Minutes since 2000-01-01 00:00 in the site zone: the first entry's time.
    start: i64,
    /// Maintenance window: minutes from `start` to its start, and its length.
    window: (i64, i64),
    window_quoted: bool,
    /// `started:` override: minutes before `start`, approximate, quoted.
    started: Option<(i64, bool, bool)>,
    summary: String,
    timeline_title: &'static str,
    updates: Vec<GenUpdate>,
    statements_title: &'static str,
    statements: Vec<GenStatement>,
    sections: Vec<GenSection>,
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// One word of safe Markdown: never starts a block construct, never forms a heading.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z0-9]{0,7}",
        3 => "[\u{4e00}-\u{9fa5}]{1,4}",
        1 => "[0-9]{1,4}",
        1 => "[A-Za-z\u{4e00}-\u{9fa5}]{1,5}[,.;:!?，。、：！？]",
        1 => "[a-z]{1,6}".prop_map(|w| format!("*{w}*")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("`{w}`")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("({w})")),
        1 => Just("&".to_string()),
        1 => Just("don't".to_string()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|w| w.join(" "))
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..3).prop_map(|l| l.join("\n"))
}

/// Markdown text: 0–3 paragraphs.
fn markdown(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(paragraph(), 0..=max).prop_map(|p| p.join("\n\n"))
}

/// A statement's words, as a blockquote.
fn quote() -> impl Strategy<Value = String> {
    markdown(2).prop_map(|md| {
        md.lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Short plain text for names and headings: words, no separators, no Markdown syntax.
fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[A-Za-z][A-Za-z0-9]{0,7}",
            2 => "[\u{4e00}-\u{9fa5}]{1,4}",
            1 => "[A-Za-z]{1,6},",
        ],
        1..5,
    )
    .prop_map(|w| w.join(" ").trim_end_matches(',').to_string())
}

/// Titles: words, CJK and the punctuation that needs YAML quoting.
fn title() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        6 => "[A-Za-z][A-Za-z0-9]{0,7}",
        4 => "[\u{4e00}-\u{9fa5}]{1,4}",
        1 => "[0-9]{1,4}",
        2 => prop::sample::select(vec![
            ":", "#", "\"", "'", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "-",
            "?", ",", "·", "：", "、", "\\", "~", "C#", "v1.2", "(beta)", "null", "true", "1e3",
            "0x1F", "yes", "2023-03-29",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec((token, any::<bool>()), 1..7).prop_map(|tokens| {
        let mut s = String::new();
        for (t, space) in tokens {
            if space && !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&t);
        }
        s
    })
}

fn url() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9-]{0,6}[a-z0-9])?\\.[a-z]{2,4}",
        prop::collection::vec("[A-Za-z0-9_.~%-]{1,10}", 0..3),
        any::<bool>(),
    )
        .prop_map(|(host, path, http)| {
            let scheme = if http { "http" } else { "https" };
            let mut u = format!("{scheme}://{host}");
            for p in path {
                u.push('/');
                u.push_str(&p);
            }
            u
        })
}

fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        2 => Just(Channel::None),
        2 => name().prop_map(Channel::Plain),
        3 => (name(), url()).prop_map(|(t, u)| Channel::Link(t, u)),
        1 => url().prop_map(Channel::Angle),
        1 => url().prop_map(Channel::Bare),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" · ", " · ", " | ", " - "])
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        3 => Just(Form::Full),
        4 => Just(Form::Bare),
        // Offsets from -12:00 to +14:00 in quarter hours.
        1 => (-48i32..=56).prop_map(|q| Form::Offset(q * 15)),
        1 => Just(Form::Utc),
    ]
}

fn approx() -> impl Strategy<Value = Approx> {
    prop_oneof![
        6 => Just(Approx::Exact),
        2 => Just(Approx::Tilde),
        1 => Just(Approx::TildeSpace),
    ]
}

/// A time spec whose gap to the previous entry is in `gap` minutes.
fn time_spec(gap: std::ops::Range<i64>) -> impl Strategy<Value = TimeSpec> {
    (gap, form(), approx()).prop_map(|(gap, form, approx)| TimeSpec { gap, form, approx })
}

fn update(kind: Kind) -> impl Strategy<Value = GenUpdate> {
    (
        // Mostly within the day (bare times), sometimes across midnight or days.
        prop_oneof![4 => 1i64..180, 1 => 180i64..4000],
        form(),
        approx(),
        prop::sample::select(UpdateStatus::allowed(kind).to_vec()),
        any::<u8>(),
        separator(),
        prop::bool::weighted(0.1),
        markdown(3),
    )
        .prop_map(
            |(gap, form, approx, status, spelling, sep, closing_hashes, body)| GenUpdate {
                time: TimeSpec { gap, form, approx },
                status,
                spelling,
                sep,
                closing_hashes,
                body,
            },
        )
}

fn statement() -> impl Strategy<Value = GenStatement> {
    (time_spec(0..600), name(), channel(), separator(), quote()).prop_map(
        |(time, by, channel, sep, body)| GenStatement {
            time,
            by,
            channel,
            sep,
            body,
        },
    )
}

/// Other `##` sections: a title that is not a timeline or statements title, and a body that
/// may have `###` headings of its own.
fn section() -> impl Strategy<Value = GenSection> {
    (
        prop_oneof![
            Just("Postmortem".to_string()),
            Just("事后复盘".to_string()),
            name()
        ],
        prop::collection::vec(
            prop_oneof![
                3 => paragraph(),
                1 => name().prop_map(|n| format!("### {n}")),
            ],
            0..4,
        ),
    )
        .prop_map(|(title, parts)| {
            let lower = title.to_lowercase();
            let reserved = [
                "timeline",
                "updates",
                "时间线",
                "statements",
                "声明",
                "官方声明",
            ];
            let title = if reserved.contains(&lower.as_str()) || lower == "official statements" {
                format!("{title} notes")
            } else {
                title
            };
            GenSection {
                title,
                body: parts.join("\n\n"),
            }
        })
}

fn impact() -> impl Strategy<Value = Option<Impact>> {
    prop::option::of(prop::sample::select(vec![
        Impact::None,
        Impact::Minor,
        Impact::Major,
        Impact::Critical,
    ]))
}

fn component_status() -> impl Strategy<Value = ComponentStatus> {
    prop::sample::select(vec![
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
        ComponentStatus::UnderMaintenance,
    ])
}

fn affected() -> impl Strategy<Value = Vec<(String, ComponentStatus)>> {
    prop::sample::subsequence(REFS.to_vec(), 0..=3)
        .prop_shuffle()
        .prop_flat_map(|refs| {
            let n = refs.len();
            (Just(refs), prop::collection::vec(component_status(), n..=n))
        })
        .prop_map(|(refs, statuses)| refs.into_iter().map(str::to_string).zip(statuses).collect())
}

fn incident() -> impl Strategy<Value = GenIncident> {
    prop_oneof![4 => Just(Kind::Incident), 1 => Just(Kind::Maintenance)].prop_flat_map(|kind| {
        let min_updates = if kind == Kind::Incident { 1 } else { 0 };
        let front = (
            title(),
            prop::sample::select(vec![
                TitleStyle::Plain,
                TitleStyle::Double,
                TitleStyle::Single,
            ]),
            any::<bool>(),
            impact(),
            affected(),
            prop::sample::select(vec![
                AffectedStyle::Block,
                AffectedStyle::BlockQuotedKeys,
                AffectedStyle::Flow,
            ]),
            // 2000-01-01 to about 2030.
            0i64..(30 * 365 * 24 * 60),
            // The window opens at or before the first entry, so nothing ends before it starts.
            (-600i64..=0, 1i64..600),
            any::<bool>(),
            prop::option::of((0i64..600, any::<bool>(), any::<bool>())),
        );
        let body = (
            markdown(3),
            prop::sample::select(vec![
                "Timeline",
                "timeline",
                "Updates",
                "时间线",
                "TIMELINE",
            ]),
            prop::collection::vec(update(kind), min_updates..=6),
            prop::sample::select(vec![
                "Statements",
                "声明",
                "官方声明",
                "Official Statements",
            ]),
            prop::collection::vec(statement(), 0..=3),
            prop::collection::vec(section(), 0..=2),
        );
        (Just(kind), front, body).prop_map(|(kind, front, body)| {
            let (
                title,
                title_style,
                write_kind,
                impact,
                affected,
                affected_style,
                start,
                window,
                window_quoted,
                started,
            ) = front;
            let (summary, timeline_title, mut updates, statements_title, statements, sections) =
                body;
            make_valid_sequence(kind, &mut updates);
            GenIncident {
                title,
                title_style,
                kind,
                write_kind: write_kind || kind == Kind::Maintenance,
                impact,
                affected,
                affected_style,
                start,
                window,
                window_quoted,
                started,
                summary,
                timeline_title,
                updates,
                statements_title,
                statements,
                sections,
            }
        })
    })
}

/// After a final status only a reopening one may follow: rewrite the ones that do not.
fn make_valid_sequence(kind: Kind, updates: &mut [GenUpdate]) {
    for i in 1..updates.len() {
        if updates[i - 1].status.is_final() {
            let reopen = match (kind, updates[i].status) {
                (Kind::Incident, UpdateStatus::Identified) => UpdateStatus::Identified,
                (Kind::Incident, _) => UpdateStatus::Investigating,
                (Kind::Maintenance, _) => UpdateStatus::InProgress,
            };
            updates[i].status = reopen;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing a generated incident out, and what it should parse to
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct ExpectedUpdate {
    time: WrittenTime,
    status: UpdateStatus,
    body: String,
}

#[derive(Debug, PartialEq)]
struct ExpectedStatement {
    time: WrittenTime,
    by: String,
    channel: Option<String>,
    url: Option<String>,
    body: String,
}

#[derive(Debug, PartialEq)]
struct Expected {
    title: String,
    kind: Kind,
    impact: Option<Impact>,
    affected: Vec<(String, ComponentStatus)>,
    window: Option<(Timestamp, Timestamp)>,
    started: Option<WrittenTime>,
    summary: String,
    updates: Vec<ExpectedUpdate>,
    statements: Vec<ExpectedStatement>,
    sections: Vec<(String, String)>,
}

impl Expected {
    fn of(inc: &Incident) -> Expected {
        Expected {
            title: inc.title.clone(),
            kind: inc.kind,
            impact: inc.impact,
            affected: inc
                .affected
                .iter()
                .map(|a| (a.component.clone(), a.status))
                .collect(),
            window: inc.scheduled.map(|w| (w.start, w.end)),
            started: inc.started_override,
            summary: inc.summary.clone(),
            updates: inc
                .updates
                .iter()
                .map(|u| ExpectedUpdate {
                    time: u.time,
                    status: u.status,
                    body: u.body.clone(),
                })
                .collect(),
            statements: inc
                .statements
                .iter()
                .map(|s| ExpectedStatement {
                    time: s.time,
                    by: s.by.clone(),
                    channel: s.channel.clone(),
                    url: s.url.clone(),
                    body: s.body.clone(),
                })
                .collect(),
            sections: inc
                .sections
                .iter()
                .map(|s| (s.title.clone(), s.body.clone()))
                .collect(),
        }
    }
}

fn epoch() -> Timestamp {
    site_zone()
        .to_ambiguous_zoned_datetime(jiff::civil::date(2000, 1, 1).at(0, 0, 0, 0))
        .compatible()
        .unwrap()
        .timestamp()
}

fn minutes(n: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_mins(n)
}

fn date_of(at: Timestamp) -> Date {
    at.to_zoned_datetime(site_zone().clone()).date()
}

/// Writes `at` as `spec` says; `previous` is the date a bare `HH:MM` would take.
fn write_time(at: Timestamp, spec: &TimeSpec, previous: Option<Date>) -> String {
    let local = at.to_zoned_datetime(site_zone().clone());
    let text = match spec.form {
        Form::Bare if previous == Some(local.date()) => local.strftime("%H:%M").to_string(),
        Form::Full | Form::Bare => local.strftime("%Y-%m-%d %H:%M").to_string(),
        Form::Offset(m) => {
            let offset = Offset::from_seconds(m * 60).unwrap();
            at.to_zoned_datetime(TimeZone::fixed(offset))
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        }
        Form::Utc => at.to_string(),
    };
    match spec.approx {
        Approx::Exact => text,
        Approx::Tilde => format!("~{text}"),
        Approx::TildeSpace => format!("~ {text}"),
    }
}

fn written(at: Timestamp, spec: &TimeSpec) -> WrittenTime {
    WrittenTime {
        at,
        approximate: !matches!(spec.approx, Approx::Exact),
    }
}

fn spell(status: UpdateStatus, spelling: u8) -> String {
    let word = status.as_str();
    match spelling % 6 {
        0 | 1 => word.to_string(),
        2 => word.to_uppercase(),
        3 => {
            let mut c = word.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            first + c.as_str()
        }
        4 => word.replace('_', "-"),
        _ => word.replace('_', " "),
    }
}

/// YAML for the title; plain only when that is surely read back as the same string.
fn yaml_title(title: &str, style: TitleStyle) -> String {
    let plain_safe = title.chars().next().is_some_and(char::is_alphanumeric)
        && title
            .chars()
            .all(|c| c.is_alphanumeric() || " .,()!?'、，。".contains(c));
    // Titles such as `null`, `yes`, `1e3` or `0x1F` stay plain on purpose: the title is read
    // as a string, whatever YAML would otherwise make of it.
    match style {
        TitleStyle::Plain if plain_safe => title.to_string(),
        TitleStyle::Single => format!("'{}'", title.replace('\'', "''")),
        _ => format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

fn local_text(at: Timestamp) -> String {
    at.to_zoned_datetime(site_zone().clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The file text for `g`, and what parsing it must give.
fn render(g: &GenIncident) -> (String, Expected) {
    let start = epoch() + minutes(g.start);
    let mut out = String::from("---\n");
    out += &format!("title: {}\n", yaml_title(&g.title, g.title_style));
    if g.write_kind {
        out += &format!(
            "kind: {}\n",
            if g.kind == Kind::Maintenance {
                "maintenance"
            } else {
                "incident"
            }
        );
    }
    if let Some(i) = g.impact {
        out += &format!("impact: {}\n", i.as_str());
    }
    if !g.affected.is_empty() {
        match g.affected_style {
            AffectedStyle::Flow => {
                let items: Vec<String> = g
                    .affected
                    .iter()
                    .map(|(r, s)| format!("{r}: {}", s.as_str()))
                    .collect();
                out += &format!("affected: {{ {} }}\n", items.join(", "));
            }
            style => {
                out += "affected:\n";
                for (r, s) in &g.affected {
                    if matches!(style, AffectedStyle::BlockQuotedKeys) {
                        out += &format!("  \"{r}\": {}\n", s.as_str());
                    } else {
                        out += &format!("  {r}: {}\n", s.as_str());
                    }
                }
            }
        }
    } else if matches!(g.affected_style, AffectedStyle::Flow) {
        out += "affected: {}\n";
    }
    let window = (g.kind == Kind::Maintenance).then(|| {
        let ws = start + minutes(g.window.0);
        (ws, ws + minutes(g.window.1))
    });
    if let Some((ws, we)) = window {
        let q = |t: Timestamp| {
            if g.window_quoted {
                format!("\"{}\"", local_text(t))
            } else {
                local_text(t)
            }
        };
        out += &format!("scheduled:\n  start: {}\n  end: {}\n", q(ws), q(we));
    }
    let started = g.started.map(|(before, approximate, quoted)| {
        let at = start - minutes(before);
        let text = format!("{}{}", if approximate { "~" } else { "" }, local_text(at));
        if quoted {
            out += &format!("started: \"{text}\"\n");
        } else {
            out += &format!("started: {text}\n");
        }
        WrittenTime { at, approximate }
    });
    out += "---\n\n";
    if !g.summary.is_empty() {
        out += &g.summary;
        out += "\n\n";
    }

    let mut updates = Vec::new();
    out += &format!("## {}\n\n", g.timeline_title);
    let mut at = start;
    let mut previous: Option<Date> = None;
    for (i, u) in g.updates.iter().enumerate() {
        if i > 0 {
            at += minutes(u.time.gap);
        }
        let time = write_time(at, &u.time, previous);
        previous = Some(date_of(at));
        let closing = if u.closing_hashes { " ###" } else { "" };
        out += &format!(
            "### {time}{}{}{closing}\n\n",
            u.sep,
            spell(u.status, u.spelling)
        );
        if !u.body.is_empty() {
            out += &u.body;
            out += "\n\n";
        }
        updates.push(ExpectedUpdate {
            time: written(at, &u.time),
            status: u.status,
            body: u.body.clone(),
        });
    }

    let mut statements = Vec::new();
    if !g.statements.is_empty() {
        out += &format!("## {}\n\n", g.statements_title);
        // A bare time in the first statement takes the date of the first timeline entry.
        let mut previous = g.updates.first().map(|_| date_of(start));
        let mut at = start;
        for s in &g.statements {
            at += minutes(s.time.gap);
            let time = write_time(at, &s.time, previous);
            previous = Some(date_of(at));
            let (channel_text, channel, url) = match &s.channel {
                Channel::None => (String::new(), None, None),
                Channel::Plain(t) => (format!("{}{t}", s.sep), Some(t.clone()), None),
                Channel::Link(t, u) => (
                    format!("{}[{t}]({u})", s.sep),
                    Some(t.clone()),
                    Some(u.clone()),
                ),
                Channel::Angle(u) => (format!("{}<{u}>", s.sep), Some(host(u)), Some(u.clone())),
                Channel::Bare(u) => (format!("{}{u}", s.sep), Some(host(u)), Some(u.clone())),
            };
            out += &format!("### {time}{}{}{channel_text}\n\n", s.sep, s.by);
            if !s.body.is_empty() {
                out += &s.body;
                out += "\n\n";
            }
            statements.push(ExpectedStatement {
                time: written(at, &s.time),
                by: s.by.clone(),
                channel,
                url,
                body: s.body.clone(),
            });
        }
    }

    for s in &g.sections {
        out += &format!("## {}\n\n", s.title);
        if !s.body.is_empty() {
            out += &s.body;
            out += "\n\n";
        }
    }

    let expected = Expected {
        title: g.title.trim().to_string(),
        kind: g.kind,
        impact: g.impact,
        affected: g.affected.clone(),
        window,
        started,
        summary: g.summary.clone(),
        updates,
        statements,
        sections: g
            .sections
            .iter()
            .map(|s| (s.title.clone(), s.body.clone()))
            .collect(),
    };
    (out, expected)
}

fn host(url: &str) -> String {
    url.split('/').nth(2).unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the robustness properties
// ---------------------------------------------------------------------------------------------

/// Parses `text` and runs what `bulletin build` would run next; returns a description of a
/// broken contract, if any. Panics propagate (and fail the property).
fn parse_is_total(text: &str) -> Result<(), TestCaseError> {
    let (incident, problems) = content::parse(&SITE, Path::new(FILE), text);
    let errors = problems.iter().any(|d| d.is_error());
    let Some(incident) = incident else {
        prop_assert!(errors, "no incident and no error: {problems:?}");
        return Ok(());
    };
    let checked = validate::validate(&SITE, std::slice::from_ref(&incident), *NOW);
    if !errors && !checked.has_errors() {
        let site = derive::derive(&SITE, vec![incident.into()], *NOW);
        prop_assert!(site.incidents.len() <= 1);
    }
    Ok(())
}

/// Edits made to a valid file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Replace(Index, u8),
    DuplicateLine(Index),
    DeleteLine(Index),
}

/// Fragments of the format, so that mutations make near-miss files rather than only noise.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "---\n",
    "\n---\n",
    "...\n",
    "## ",
    "### ",
    "\n## Timeline\n",
    "\n## Statements\n",
    " · ",
    " | ",
    " - ",
    "·",
    "~",
    ":",
    ": ",
    "- ",
    "#",
    "> ",
    "`",
    "```\n",
    "~~~\n",
    "[",
    "](",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "{",
    "}",
    "\t",
    "    ",
    "00:00",
    "24:00",
    "23:59:60",
    "2023-02-29 ",
    "9999-12-31 23:59",
    "-9999-01-01 00:00",
    "T",
    "Z",
    "+08:00",
    "+99:99",
    "resolved",
    "completed",
    "in progress",
    "kind: maintenance\n",
    "scheduled:\n  start: 2026-12-09 01:00\n  end: 2026-12-09 00:00\n",
    "affected: x\n",
    "wechat/",
    "started: ~\n",
    "resolved: 03:30\n",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "é",
    "微",
    "\u{fffd}",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), prop::sample::select(FRAGMENTS.to_vec()))
            .prop_map(|(i, f)| Mutation::Insert(i, f.as_bytes().to_vec())),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Insert(i, b) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Replace(i, b) if len > 0 => bytes[i.index(len)] = *b,
            Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) if len > 0 => {
                let at = i.index(len);
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(len, |p| at + p + 1);
                if matches!(m, Mutation::DuplicateLine(_)) {
                    let line = bytes[start..end].to_vec();
                    bytes.splice(end..end, line);
                } else {
                    bytes.drain(start..end);
                }
            }
            _ => {}
        }
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(proptest_config())]

    /// Every generated incident parses back to what was generated, and passes validation.
    #[test]
    fn generated_incidents_parse_back(g in incident()) {
        let (text, want) = render(&g);
        let (incident, problems) = content::parse(&SITE, Path::new(FILE), &text);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "parse errors {errors:#?}\n--- file ---\n{text}");
        let incident = incident.expect("no errors, so an incident");
        prop_assert_eq!(&incident.slug, "generated");
        let got = Expected::of(&incident);
        prop_assert_eq!(&got, &want, "--- file ---\n{}", text);
        let checked = validate::validate(&SITE, std::slice::from_ref(&incident), *NOW);
        prop_assert!(
            !checked.has_errors(),
            "validation errors {:#?}\n--- file ---\n{}",
            checked.iter().filter(|d| d.is_error()).collect::<Vec<_>>(),
            text
        );
    }

    /// Any text at all: no panic; an incident or an error.
    #[test]
    fn parse_never_panics_on_any_text(text in "(?s).{0,400}") {
        parse_is_total(&text)?;
    }

    /// Text that starts like an incident file, then anything.
    #[test]
    fn parse_never_panics_after_front_matter(
        yaml in "(?s).{0,120}",
        body in "(?s)(## |### |.){0,300}",
    ) {
        parse_is_total(&format!("---\n{yaml}\n---\n{body}"))?;
        parse_is_total(&format!("---\ntitle: x\n---\n## Timeline\n### {body}"))?;
    }

    /// Valid files with bytes inserted, deleted, replaced and lines duplicated or removed,
    /// read as the fuzz target does (invalid UTF-8 replaced).
    #[test]
    fn parse_never_panics_on_mutated_files(
        g in incident(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let (text, _) = render(&g);
        let bytes = mutate(&text, &mutations);
        parse_is_total(&String::from_utf8_lossy(&bytes))?;
    }
}

/// The reference incident of docs/format.md parses as that document says.
#[test]
fn reference_incident_parses() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("incidents/2023-03-29-wechat-qq-outage.md"),
    )
    .unwrap();
    let (incident, problems) = content::parse(&SITE, Path::new(FILE), &text);
    assert!(!problems.iter().any(|d| d.is_error()), "{problems:#?}");
    let incident = incident.unwrap();
    assert_eq!(incident.updates.len(), 4);
    assert!(incident.updates[0].time.approximate);
    assert_eq!(incident.statements.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Bounded rendering (docs/limits.md)
// ---------------------------------------------------------------------------------------------

/// Pieces of Markdown and HTML that nest, repeat or expand; a body is runs of them.
const PIECES: [&str; 40] = [
    "<div>",
    "</div>",
    "<b id=x>",
    "</b>",
    "<p>",
    "</p>",
    "<p><i id=y>x</p>\n\n",
    "<table><tr><td>",
    ">",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "[",
    "]",
    "](u)",
    "|",
    "|:-:|",
    "\n|-|-|\n",
    "`",
    "&amp;",
    "[^1]",
    "\n\n[^1]: n\n",
    "[r]",
    "\n\n[r]: https://example.test/long-target\n",
    "word ",
    "~~",
    "<1% ",
    "a < b ",
    "<img src=x onerror=alert(1)",
    "<a href='javascript:x'>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
];

fn nesting_body() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), 1usize..40), 1..60).prop_map(|runs| {
        runs.into_iter()
            .map(|(piece, n)| PIECES[piece].repeat(n))
            .collect()
    })
}

/// How deeply the elements of well-formed HTML (what the renderer writes) nest.
fn html_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        // Attribute values may hold `>` only when quoted; the renderer quotes them all.
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let void = matches!(name.as_str(), "br" | "hr" | "img" | "input" | "col" | "wbr");
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with('!') && !void && !tag.ends_with('/') {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Random nesting and repetition: either a cap's diagnostic with its place, or HTML no
    /// larger than a linear bound of the text and no deeper than the cap, and plain text
    /// no larger than the text, with no tag-like run left.
    #[test]
    fn rendering_is_linear_in_the_text(body in nesting_body()) {
        use bulletin::content::limits;
        use bulletin::markdown;
        let text = format!("---\ntitle: x\n---\n{body}");
        let base = text.len() - body.len();
        if let Some(d) = limits::check(Path::new(FILE), &text, base) {
            prop_assert!(d.is_error() && d.line.is_some() && d.column.is_some(), "{d:?}");
            return Ok(());
        }
        let html = markdown::to_html(&body, false);
        prop_assert!(
            html.len() <= limits::html_limit(body.len()),
            "{} B of HTML from {} B:\n{body}", html.len(), body.len()
        );
        // The sanitiser adds html and body around what it parses, and tbody inside tables.
        prop_assert!(
            html_depth(&html) <= limits::MAX_NESTING + 4,
            "depth {}:\n{body}", html_depth(&html)
        );
        let plain = markdown::to_plain_text(&body);
        prop_assert!(plain.len() <= 2 * body.len() + 2, "{plain}");
        let tag_like = plain.as_bytes().windows(2).any(|w| {
            w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?'))
        });
        prop_assert!(!tag_like, "{plain:?}");
    }
}
