//! What is generated: incidents as the author could write them, with every variation the
//! format allows (see docs/format.md), and the strategies that make them.

// Support code shared by test crates: `pub` says what it offers them.
#![allow(unreachable_pub)]

use bulletin::model::{ComponentStatus, Impact, Kind, UpdateStatus};
use proptest::prelude::*;

use super::words::*;

/// The component refs of the shared site (`tests/fixtures/generated_site.yaml`), products
/// and features.
pub const REFS: [&str; 9] = [
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

/// How a time is written.
#[derive(Debug, Clone, Copy)]
pub enum Form {
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
pub enum Approx {
    Exact,
    /// `~03:30`
    Tilde,
    /// `~ 03:30`
    TildeSpace,
}

#[derive(Debug, Clone, Copy)]
pub struct TimeSpec {
    /// Minutes after the previous entry.
    pub gap: i64,
    pub form: Form,
    pub approx: Approx,
}

#[derive(Debug, Clone)]
pub struct GenUpdate {
    pub time: TimeSpec,
    pub status: UpdateStatus,
    /// Which spelling of the status word.
    pub spelling: u8,
    pub sep: &'static str,
    /// `### … ###`
    pub closing_hashes: bool,
    pub body: String,
}

#[derive(Debug, Clone)]
pub enum Channel {
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
pub struct GenStatement {
    pub time: TimeSpec,
    pub by: String,
    pub channel: Channel,
    pub sep: &'static str,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct GenSection {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy)]
pub enum TitleStyle {
    Plain,
    Double,
    Single,
}

#[derive(Debug, Clone, Copy)]
pub enum AffectedStyle {
    Block,
    BlockQuotedKeys,
    Flow,
}

#[derive(Debug, Clone)]
pub struct GenIncident {
    pub title: String,
    pub title_style: TitleStyle,
    pub kind: Kind,
    pub write_kind: bool,
    pub impact: Option<Impact>,
    pub affected: Vec<(String, ComponentStatus)>,
    pub affected_style: AffectedStyle,
    /// Minutes since 2000-01-01 00:00 in the site zone: the first entry's time.
    pub start: i64,
    /// Maintenance window: minutes from `start` to its start, and its length.
    pub window: (i64, i64),
    pub window_quoted: bool,
    /// `started:` override: minutes before `start`, approximate, quoted.
    pub started: Option<(i64, bool, bool)>,
    pub summary: String,
    pub timeline_title: &'static str,
    pub updates: Vec<GenUpdate>,
    pub statements_title: &'static str,
    pub statements: Vec<GenStatement>,
    pub sections: Vec<GenSection>,
}

pub fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        2 => Just(Channel::None),
        2 => name().prop_map(Channel::Plain),
        3 => (name(), url()).prop_map(|(t, u)| Channel::Link(t, u)),
        1 => url().prop_map(Channel::Angle),
        1 => url().prop_map(Channel::Bare),
    ]
}

pub fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" · ", " · ", " | ", " - "])
}

pub fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        3 => Just(Form::Full),
        4 => Just(Form::Bare),
        // Offsets from -12:00 to +14:00 in quarter hours.
        1 => (-48i32..=56).prop_map(|q| Form::Offset(q * 15)),
        1 => Just(Form::Utc),
    ]
}

pub fn approx() -> impl Strategy<Value = Approx> {
    prop_oneof![
        6 => Just(Approx::Exact),
        2 => Just(Approx::Tilde),
        1 => Just(Approx::TildeSpace),
    ]
}

/// A time spec whose gap to the previous entry is in `gap` minutes.
pub fn time_spec(gap: std::ops::Range<i64>) -> impl Strategy<Value = TimeSpec> {
    (gap, form(), approx()).prop_map(|(gap, form, approx)| TimeSpec { gap, form, approx })
}

pub fn update(kind: Kind) -> impl Strategy<Value = GenUpdate> {
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

pub fn statement() -> impl Strategy<Value = GenStatement> {
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
pub fn section() -> impl Strategy<Value = GenSection> {
    (
        prop_oneof![
            Just("Root cause".to_string()),
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
            // A postmortem heading is its own part of the model (not a plain section).
            let first = lower.split([' ', '·', '|', '-']).next().unwrap_or("");
            let postmortem = bulletin::content::body::POSTMORTEM_TITLES
                .iter()
                .any(|t| lower.starts_with(t) || *t == first);
            let title = if reserved.contains(&lower.as_str())
                || lower == "official statements"
                || postmortem
            {
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

pub fn impact() -> impl Strategy<Value = Option<Impact>> {
    prop::option::of(prop::sample::select(vec![
        Impact::None,
        Impact::Minor,
        Impact::Major,
        Impact::Critical,
    ]))
}

pub fn component_status() -> impl Strategy<Value = ComponentStatus> {
    prop::sample::select(vec![
        ComponentStatus::DegradedPerformance,
        ComponentStatus::PartialOutage,
        ComponentStatus::MajorOutage,
        ComponentStatus::UnderMaintenance,
    ])
}

pub fn affected() -> impl Strategy<Value = Vec<(String, ComponentStatus)>> {
    prop::sample::subsequence(REFS.to_vec(), 0..=3)
        .prop_shuffle()
        .prop_flat_map(|refs| {
            let n = refs.len();
            (Just(refs), prop::collection::vec(component_status(), n..=n))
        })
        .prop_map(|(refs, statuses)| refs.into_iter().map(str::to_string).zip(statuses).collect())
}

pub fn incident() -> impl Strategy<Value = GenIncident> {
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
pub fn make_valid_sequence(kind: Kind, updates: &mut [GenUpdate]) {
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
